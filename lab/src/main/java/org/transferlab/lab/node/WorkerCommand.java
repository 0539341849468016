package org.transferlab.lab.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.Workers;
import org.transferlab.workers.node.DeviceSlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tlab worker --join HOST:PORT}: a node offering training slots to the lab.
 *
 * <p>A worker outlives its actor system: when the cluster downs it (the split-brain resolver after
 * a network cut, or the orchestrator's side after a restart) Pekko stops the system, and this
 * command starts a fresh one with the same settings and joins the seed again. Only Ctrl-C (or any
 * JVM shutdown) ends the command. A downed member can never come back under its old identity, so a
 * new actor system (a new incarnation) is the only clean way back in.
 */
@Command(name = "worker", description = "Run a worker node that joins the orchestrator's cluster and trains in its slots.")
public final class WorkerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Option(names = "--join", required = true, description = "HOST:PORT of the orchestrator's cluster port (e.g. 127.0.0.1:25520)")
    String join;

    @Option(names = "--slots", description = "number of slots (default: transferlab.worker.slots; with --device cuda one per visible GPU)")
    Integer slots;

    @Option(names = "--device", description = "cpu, or cuda (one slot per visible GPU) (default: transferlab.worker.device)")
    String device;

    @Mixin
    ClusterAddress address = new ClusterAddress();

    @Option(names = "--cache-dir", description = "local artifact cache (default: transferlab.worker.cache-dir)")
    Path cacheDir;

    @Option(names = "--rejoin-delay-ms", description = "pause before rejoining after being downed (default ${DEFAULT-VALUE} ms)")
    long rejoinDelayMs = 2000;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> overrides = new HashMap<>();
        address.addTo(overrides, 0);
        if (device != null) {
            overrides.put("transferlab.worker.device", device);
        }
        if (cacheDir != null) {
            overrides.put("transferlab.worker.cache-dir", cacheDir.toAbsolutePath().toString());
        }
        Config probe = LabNode.config(List.of("worker"), overrides);
        int slotCount = slots != null ? slots : DeviceSlots.count(WorkerSettings.from(probe));
        overrides.put("transferlab.worker.slots", slotCount);
        Config config = LabNode.config(List.of("worker"), overrides);
        LabNode.seedAddress(join);

        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<ActorSystem<Void>> current = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            ActorSystem<Void> system = current.get();
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        }, "tlab-worker-shutdown"));

        for (int incarnation = 1; !stopping.get(); incarnation++) {
            ActorSystem<Void> system;
            try {
                system = LabNode.startJoining(config, join);
            } catch (RuntimeException e) {
                // e.g. the previous incarnation still holds a fixed --port: try again shortly
                log.warn("cannot start the worker's actor system ({}); retrying in {} ms", e.getMessage(), rejoinDelayMs);
                Thread.sleep(rejoinDelayMs);
                continue;
            }
            current.set(system);
            CompletableFuture<Void> removed = new CompletableFuture<>();
            Cluster.get(Adapter.toClassic(system)).registerOnMemberRemoved(() -> removed.complete(null));
            Workers.start(system);
            System.out.println("TransferLab worker " + system.address() + " joining " + join + " with " + slotCount
                    + " slot(s)" + (incarnation > 1 ? " (rejoin " + (incarnation - 1) + ")" : ""));
            CompletableFuture.anyOf(removed, system.getWhenTerminated().toCompletableFuture()).join();
            if (stopping.get()) {
                break;
            }
            var reason = CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason();
            log.warn("this worker left the cluster ({}); starting a fresh one to rejoin {} in {} ms",
                    reason.map(Object::toString).orElse("removed"), join, rejoinDelayMs);
            system.terminate();
            try {
                // Behind a cut link Artery may wait a long time for peers that cannot answer: do not
                // let the old incarnation hold the worker out of the cluster.
                system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                log.warn("the old actor system has not stopped after 15 s; starting the new one beside it");
            } catch (ExecutionException e) {
                log.warn("the old actor system stopped with {}", e.getCause().toString());
            }
            Thread.sleep(rejoinDelayMs);
        }
        return 0;
    }
}
