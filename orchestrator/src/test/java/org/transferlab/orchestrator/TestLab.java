package org.transferlab.orchestrator;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;

/**
 * A real orchestrator for tests: a single-node Pekko cluster on loopback port 0, an H2 file
 * database in a temporary directory and the HTTP API on port 0.
 */
public final class TestLab implements AutoCloseable {

    public final ActorTestKit kit;
    public final Orchestrator orchestrator;
    private final HttpClient http = HttpClient.newHttpClient();
    private ActorRef<ToOrchestrator> workers;

    public TestLab(Path dataDir, Map<String, Object> overrides) {
        Config config = ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "transferlab.data-dir", dataDir.toString(),
                        "transferlab.http.port", 0,
                        "transferlab.orchestrator.api-token", "test-token")))
                .withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = 127.0.0.1
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.roles = [orchestrator, worker]
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        pekko.loglevel = WARNING
                        """))
                .withFallback(ConfigFactory.load())
                .resolve();
        kit = ActorTestKit.create("tlab-test", config);
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.selfMember().status() == MemberStatus.up());
        orchestrator = Orchestrator.start(kit.system(), OrchestratorSettings.from(config));
    }

    /**
     * The supervisor as worker slots reach it: the ref it registered with the receptionist (tests
     * that play a slot send their worker messages here, as a real slot does).
     */
    public ActorRef<ToOrchestrator> workers() {
        if (workers == null) {
            workers = await().atMost(Duration.ofSeconds(20)).until(this::listedSupervisor, Optional::isPresent).orElseThrow();
        }
        return workers;
    }

    private Optional<ActorRef<ToOrchestrator>> listedSupervisor() throws Exception {
        Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(kit.system().receptionist(),
                replyTo -> Receptionist.find(WorkerProtocol.ORCHESTRATOR_KEY, replyTo), Duration.ofSeconds(10), kit.system().scheduler())
                .toCompletableFuture().get();
        return listing.getServiceInstances(WorkerProtocol.ORCHESTRATOR_KEY).stream().findFirst();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(orchestrator.url() + path))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        orchestrator.close();
        // Leaving the cluster can take longer than the kit's default 10 s on a loaded machine.
        ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(30), true);
    }
}
