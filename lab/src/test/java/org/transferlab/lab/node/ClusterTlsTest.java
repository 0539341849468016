package org.transferlab.lab.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS with mutual authentication, with keys made by {@code scripts/make-cluster-certs.sh}
 * exactly as the README tells an operator to: a node with the lab's certificate joins; a node whose
 * certificate another CA signed, and a node without TLS at all, never become members. Real
 * actor systems talking over loopback TCP.
 */
class ClusterTlsTest {

    @TempDir
    static Path certs;
    static String labPassword;
    static String roguePassword;

    final List<ActorSystem<?>> systems = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        makeCerts(certs.resolve("lab"), "seed", "member");
        makeCerts(certs.resolve("rogue"), "intruder");
        labPassword = Files.readString(certs.resolve("lab/password"));
        roguePassword = Files.readString(certs.resolve("rogue/password"));
    }

    @AfterEach
    void stop() {
        systems.forEach(ActorSystem::terminate);
        systems.forEach(s -> s.getWhenTerminated().toCompletableFuture().join());
    }

    @Test
    void a_node_with_the_lab_certificate_joins_and_nodes_without_it_are_refused() throws Exception {
        int seedPort = freePort();
        ActorSystem<Void> seed = track(LabNode.startSeed(tls(seedPort, certs.resolve("lab"), "seed", labPassword)));
        String join = "127.0.0.1:" + seedPort;

        ActorSystem<Void> member = track(LabNode.startJoining(tls(0, certs.resolve("lab"), "member", labPassword), join));
        await("the lab's node joins over TLS").atMost(Duration.ofSeconds(30))
                .until(() -> upMembers(seed) == 2 && Cluster.get(member).selfMember().status() == MemberStatus.up());

        ActorSystem<Void> intruder = track(LabNode.startJoining(tls(0, certs.resolve("rogue"), "intruder", roguePassword), join));
        ActorSystem<Void> plain = track(LabNode.startJoining(LabNode.config(List.of("worker"),
                Map.of("pekko.remote.artery.canonical.port", 0)), join));
        // Each refused node retries its join every seed-node-timeout (5 s): watch through two rounds.
        await("nodes without the lab's certificate stay out").during(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(15))
                .until(() -> upMembers(seed) == 2 && members(seed) == 2
                        && Cluster.get(intruder).selfMember().status() != MemberStatus.up()
                        && Cluster.get(plain).selfMember().status() != MemberStatus.up());
    }

    @Test
    void tls_on_without_a_readable_key_store_fails_with_what_to_do() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("transferlab.cluster.tls.enabled", "on");
        overrides.put("transferlab.cluster.tls.key-store", certs.resolve("missing.p12").toString());
        overrides.put("transferlab.cluster.tls.trust-store", certs.resolve("lab/truststore.p12").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabNode.config(List.of("worker"), overrides));
        assertTrue(e.getMessage().contains("make-cluster-certs.sh") && e.getMessage().contains("TLAB_CLUSTER_KEYSTORE"),
                e.getMessage());
    }

    @Test
    void tls_on_switches_artery_to_tls_tcp_with_mutual_authentication() {
        Config c = tls(0, certs.resolve("lab"), "member", labPassword);
        assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
        assertTrue(c.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
        assertEquals("127.0.0.1", c.getString("pekko.remote.artery.canonical.hostname"), "loopback unless configured");
    }

    private static Config tls(int port, Path dir, String node, String password) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("pekko.remote.artery.canonical.port", port);
        overrides.put("transferlab.cluster.tls.enabled", "on");
        overrides.put("transferlab.cluster.tls.key-store", dir.resolve(node + ".p12").toString());
        overrides.put("transferlab.cluster.tls.key-store-password", password);
        overrides.put("transferlab.cluster.tls.trust-store", dir.resolve("truststore.p12").toString());
        overrides.put("transferlab.cluster.tls.trust-store-password", password);
        return LabNode.config(List.of(port == 0 ? "worker" : "orchestrator"), overrides);
    }

    private static long upMembers(ActorSystem<?> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count();
    }

    private static long members(ActorSystem<?> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false).count();
    }

    private <T extends ActorSystem<?>> T track(T system) {
        systems.add(system);
        return system;
    }

    static void makeCerts(Path out, String... nodes) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "make-cluster-certs.sh").toString(),
                out.toString()));
        command.addAll(List.of(nodes));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("TLAB_CERT_PASSWORD");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make-cluster-certs.sh finished");
        assertEquals(0, p.exitValue(), output);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
