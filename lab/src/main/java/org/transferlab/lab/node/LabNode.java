package org.transferlab.lab.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.transferlab.orchestrator.Orchestrator;
import org.transferlab.orchestrator.config.OrchestratorSettings;

/**
 * Starts this process's actor system as a cluster node with the given roles: either its own
 * single-node cluster (standalone, orchestrator) or a member joining a seed (worker).
 */
final class LabNode {

    static final String SYSTEM_NAME = "tlab";

    private LabNode() {}

    /**
     * The node's configuration: command-line overrides, then system properties, application.conf and
     * every reference.conf, resolved together once, so that a substitution in a reference.conf (the
     * training pool sized by {@code ${transferlab.worker.slots}}) sees an overridden value.
     */
    static Config config(List<String> roles, Map<String, Object> overrides) {
        Config base = ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of("pekko.cluster.roles", roles)))
                .withFallback(ConfigFactory.defaultOverrides())
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReferenceUnresolved())
                .resolve();
        return withTls(base);
    }

    /**
     * With {@code transferlab.cluster.tls.enabled}, Artery runs over TLS 1.3 and both ends of every
     * connection present a certificate the other's trust store (the lab CA) vouches for; a node
     * without one cannot open a connection, so it cannot join. Fails fast on a missing store.
     */
    static Config withTls(Config config) {
        Config tls = config.getConfig("transferlab.cluster.tls");
        if (!tls.getBoolean("enabled")) {
            return config;
        }
        String keyStore = tls.getString("key-store");
        String trustStore = tls.getString("trust-store");
        for (String[] store : new String[][] {{"key-store", keyStore}, {"trust-store", trustStore}}) {
            if (store[1].isBlank() || !java.nio.file.Files.isReadable(java.nio.file.Path.of(store[1]))) {
                throw new IllegalArgumentException("cluster TLS is on but the " + store[0] + " '" + store[1]
                        + "' is not a readable file: make one with scripts/make-cluster-certs.sh and set TLAB_CLUSTER_"
                        + store[0].replace("-", "").toUpperCase(java.util.Locale.ROOT));
            }
        }
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        Map<String, Object> artery = new java.util.HashMap<>();
        artery.put("pekko.remote.artery.transport", "tls-tcp");
        artery.put("pekko.remote.artery.ssl.ssl-engine-provider", "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider");
        artery.put(engine + "key-store", keyStore);
        artery.put(engine + "key-store-password", tls.getString("key-store-password"));
        artery.put(engine + "key-password", tls.getString("key-store-password"));
        artery.put(engine + "trust-store", trustStore);
        artery.put(engine + "trust-store-password", tls.getString("trust-store-password"));
        artery.put(engine + "protocol", "TLSv1.3");
        artery.put(engine + "require-mutual-authentication", true);
        // Nodes are named by address, often an IP; trust comes from the lab CA, not the host name.
        artery.put(engine + "hostname-verification", false);
        return ConfigFactory.parseMap(artery).withFallback(config).resolve();
    }

    /** Starts the orchestrator role on a running node; a failure stops the node too, so nothing lingers. */
    static Orchestrator startOrchestrator(ActorSystem<?> system, Config config) {
        try {
            return Orchestrator.start(system, OrchestratorSettings.from(config));
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** Starts the system and makes it a cluster of its own; returns once the node is Up. */
    static ActorSystem<Void> startSeed(Config config) {
        HeapSize.log();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        awaitUp(system, Duration.ofSeconds(30));
        return system;
    }

    /** Starts the system and joins the seed at {@code host:port}; keeps trying until the seed answers. */
    static ActorSystem<Void> startJoining(Config config, String seed) {
        var address = seedAddress(seed);
        HeapSize.log();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        Cluster.get(system).manager().tell(new JoinSeedNodes(List.of(address)));
        return system;
    }

    static org.apache.pekko.actor.Address seedAddress(String seed) {
        int colon = seed.lastIndexOf(':');
        if (colon <= 0 || colon == seed.length() - 1) {
            throw new IllegalArgumentException("--join needs HOST:PORT of the orchestrator's cluster port, was '" + seed + "'");
        }
        try {
            return new org.apache.pekko.actor.Address("pekko", SYSTEM_NAME, seed.substring(0, colon),
                    Integer.parseInt(seed.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--join needs a numeric port, was '" + seed + "'", e);
        }
    }

    private static void awaitUp(ActorSystem<?> system, Duration timeout) {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch up = new CountDownLatch(1);
        // Poll the member state cheaply; joining oneself takes well under a second.
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                system.terminate();
                throw new IllegalStateException("the cluster node did not come up within " + timeout.toSeconds() + " s");
            }
            try {
                up.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    /** Blocks until the system terminates (Ctrl-C runs coordinated shutdown). */
    static void awaitTermination(ActorSystem<?> system, AutoCloseable... resources) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            system.terminate();
        }, "tlab-shutdown"));
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
