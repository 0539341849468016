import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.transferlab.orchestrator.Orchestrator;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.Workers;

/**
 * Orchestration overhead with synthetic sleep trials: the whole orchestrator (supervisor, experiment
 * actor, H2 file store, events) and in-process worker slots, no training. Prints one line of results.
 *
 * usage: OrchestrationBench TRIALS SLOTS EPOCHS SLEEP_MS [BATCH_SIZE]
 *   (a) bookkeeping: 2000 16 1 1000      minimum = TRIALS/SLOTS * EPOCHS * SLEEP_MS
 *   (b) throughput:  96 96 5000 20       (50 results/s per trial for 100 s)
 * BATCH_SIZE 1 writes every reported epoch in its own transaction (the unbatched baseline).
 */
public class OrchestrationBench {

    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        int slots = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int sleepMs = Integer.parseInt(args[3]);
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        Path data = Files.createTempDirectory("tlab-bench");
        Config config = ConfigFactory.parseMap(Map.of(
                        "transferlab.data-dir", data.toString(),
                        "transferlab.http.port", 0,
                        "transferlab.orchestrator.api-token", "bench",
                        "transferlab.orchestrator.result-batch-size", batch,
                        "transferlab.worker.slots", slots,
                        "transferlab.training-dispatcher.thread-pool-executor.fixed-pool-size", slots,
                        "transferlab.worker.cache-dir", data.resolve("cache").toString()))
                .withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = 127.0.0.1
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.roles = [orchestrator, worker]
                        pekko.loglevel = WARNING
                        """))
                .withFallback(ConfigFactory.load()).resolve();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tlab", config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        while (cluster.selfMember().status() != MemberStatus.up()) {
            Thread.sleep(50);
        }
        Orchestrator orchestrator = Orchestrator.start(system, OrchestratorSettings.from(config));
        Workers.start(system, WorkerSettings.from(config));
        while (stats(system, orchestrator).idleSlots() < slots) {
            Thread.sleep(100);
        }
        String spec = """
                name: bench
                kind: synthetic
                train: {epochs: %d}
                search:
                  algorithm: random
                  trials: %d
                  maxConcurrent: %d
                  space:
                    x: {type: uniform, min: 0.0, max: 1.0}
                    sleepMs: {type: choice, values: [%d]}
                """.formatted(epochs, trials, slots, sleepMs);
        String load0 = Files.readString(Path.of("/proc/loadavg")).strip();
        long cpu0 = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        long t0 = System.nanoTime();
        SubmitResult submitted = AskPattern.<Supervisor.Command, SubmitResult>ask(orchestrator.supervisor(),
                replyTo -> new Supervisor.SubmitExperiment(SpecCodec.parse(spec), replyTo),
                Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get();
        ExperimentView view;
        do {
            Thread.sleep(50);
            view = orchestrator.store().experiments().find(submitted.id()).orElseThrow();
        } while (!view.status().terminal());
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() - cpu0;
        String load1 = Files.readString(Path.of("/proc/loadavg")).strip();
        double minimum = Math.ceil((double) trials / slots) * epochs * sleepMs / 1000.0;
        long rows = orchestrator.store().metrics().ofExperiment(submitted.id()).size();
        System.out.printf("RESULT trials=%d slots=%d epochs=%d sleepMs=%d batch=%d status=%s elapsed=%.2fs minimum=%.1fs overhead=%.2f%% "
                        + "metricRows=%d processCpu=%.1fs load(before)=[%s] load(after)=[%s]%n",
                trials, slots, epochs, sleepMs, batch, view.status(), elapsed, minimum, 100 * (elapsed - minimum) / minimum,
                rows, cpu / 1e9, load0, load1);
        orchestrator.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static Supervisor.Stats stats(ActorSystem<?> system, Orchestrator o) throws Exception {
        return AskPattern.<Supervisor.Command, Supervisor.Stats>ask(o.supervisor(),
                Supervisor.GetStats::new, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get();
    }
}
