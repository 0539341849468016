package org.transferlab.lab;

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

/**
 * Starts this process's actor system as a cluster node with the given roles: either its own
 * single-node cluster (standalone, orchestrator) or a member joining a seed (worker).
 */
final class LabNode {

    static final String SYSTEM_NAME = "tlab";

    private LabNode() {}

    static Config config(List<String> roles, Map<String, Object> overrides) {
        return ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of("pekko.cluster.roles", roles)))
                .withFallback(ConfigFactory.load())
                .resolve();
    }

    /** Starts the system and makes it a cluster of its own; returns once the node is Up. */
    static ActorSystem<Void> startSeed(Config config) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        awaitUp(system, Duration.ofSeconds(30));
        return system;
    }

    /** Starts the system and joins the seed at {@code host:port}. */
    static ActorSystem<Void> startJoining(Config config, String seed) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        String[] hostPort = seed.split(":");
        if (hostPort.length != 2) {
            throw new IllegalArgumentException("--join needs HOST:PORT of the orchestrator's cluster port, was '" + seed + "'");
        }
        var address = new org.apache.pekko.actor.Address("pekko", SYSTEM_NAME, hostPort[0], Integer.parseInt(hostPort[1]));
        Cluster.get(system).manager().tell(new JoinSeedNodes(List.of(address)));
        return system;
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
