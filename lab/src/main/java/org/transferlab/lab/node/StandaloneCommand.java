package org.transferlab.lab.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;
import org.transferlab.orchestrator.Orchestrator;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.Workers;
import org.transferlab.lab.DataDirOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tlab standalone}: the whole lab in one JVM. A single-node cluster with both roles on
 * loopback, the orchestrator with its H2 store and API, local worker slots and the dashboard.
 */
@Command(name = "standalone", description = "Run the whole lab in one process: orchestrator, workers, API and dashboard.")
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Option(names = "--slots", description = "CPU worker slots (default: transferlab.worker.slots, 2)")
    Integer slots;

    @Option(names = "--api-port", description = "API port (default 7070; 0 = any free port)")
    Integer apiPort;

    @Option(names = "--cluster-port", description = "cluster port (default: TLAB_CLUSTER_PORT or 25520; 0 = any free port, "
            + "so that a second lab can run on the same machine)")
    Integer clusterPort;

    @Option(names = "--dashboard-port", description = "dashboard port (default 8080; 0 = any free port)")
    Integer dashboardPort;

    @Option(names = "--no-dashboard", description = "run without the web dashboard")
    boolean noDashboard;

    @Option(names = "--no-fetch", description = "do not fetch the full MNIST on first use (use the bundled subset)")
    boolean noFetch;

    @Override
    public Integer call() {
        Path dataDir = this.dataDir.path();
        Lab lab = Lab.start(dataDir, slots, apiPort, clusterPort, dashboardPort, !noDashboard, !noFetch);
        System.out.println();
        System.out.println("TransferLab is running.");
        System.out.println("  Cluster    " + lab.system().address().host().get() + ":" + lab.system().address().port().get());
        System.out.println("  API        " + lab.orchestrator().url() + "   (token in " + dataDir.resolve("api-token") + ")");
        if (lab.dashboard() != null) {
            System.out.println("  Dashboard  " + lab.dashboard().url());
        }
        System.out.println("  Try        ./tlab submit examples/mnist-finetune.yaml --follow");
        System.out.println("Ctrl-C stops it; everything recorded stays in " + dataDir.toAbsolutePath());
        LabNode.awaitTermination(lab.system(), lab);
        return 0;
    }

    /** The running standalone lab; also what end-to-end tests start. */
    public record Lab(ActorSystem<Void> system, Orchestrator orchestrator, DashboardServer dashboard) implements AutoCloseable {

        public static Lab start(Path dataDir, Integer slots, Integer apiPort, Integer dashboardPort, boolean withDashboard, boolean fetch) {
            return start(dataDir, slots, apiPort, null, dashboardPort, withDashboard, fetch);
        }

        /** @param clusterPort the cluster port, 0 for any free one, null for the configured one */
        public static Lab start(Path dataDir, Integer slots, Integer apiPort, Integer clusterPort, Integer dashboardPort,
                boolean withDashboard, boolean fetch) {
            if (fetch) {
                DataFetch.ensureDatasets(dataDir);
            }
            Map<String, Object> overrides = new HashMap<>();
            overrides.put("transferlab.data-dir", dataDir.toString());
            String datasets = dataDir.resolve("datasets").toAbsolutePath().toString();
            overrides.put("transferlab.worker.dataset-root", datasets);
            // the orchestrator sees the same directory as its workers here: a spec needing more than it holds is refused at submission
            overrides.put("transferlab.orchestrator.dataset-root", datasets);
            overrides.put("transferlab.worker.cache-dir", dataDir.resolve("worker-cache").toAbsolutePath().toString());
            if (slots != null) {
                overrides.put("transferlab.worker.slots", slots);
            }
            if (apiPort != null) {
                overrides.put("transferlab.http.port", apiPort);
            }
            if (clusterPort != null) {
                overrides.put("pekko.remote.artery.canonical.port", clusterPort);
            }
            Config config = LabNode.config(List.of("orchestrator", "worker"), overrides);
            ActorSystem<Void> system = LabNode.startSeed(config);
            Orchestrator orchestrator = LabNode.startOrchestrator(system, config);
            WorkerSettings workerSettings = WorkerSettings.from(
                    com.typesafe.config.ConfigFactory.parseMap(Map.of("transferlab.worker.artifact-token", orchestrator.token()))
                            .withFallback(config).resolve());
            Workers.start(system, workerSettings);
            DashboardServer dashboard = null;
            if (withDashboard) {
                DashboardSettings ds = DashboardSettings.fromConfig(config)
                        .withApi(java.net.URI.create(orchestrator.url()), orchestrator.token());
                dashboard = DashboardServer.start(dashboardPort == null ? ds : ds.withPort(dashboardPort));
            }
            return new Lab(system, orchestrator, dashboard);
        }

        @Override
        public void close() {
            if (dashboard != null) {
                dashboard.close();
            }
            orchestrator.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
