package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An orchestrator JVM and worker JVMs on loopback, for the cluster benchmarks. */
final class LabCluster implements AutoCloseable {

    final Path dir;
    final String token = "bench-token";
    final int clusterPort = LabProcess.freePort();
    final LabApi api;
    final List<LabProcess> processes = new ArrayList<>();
    private final Map<String, String> env;

    LabCluster(Path dir) {
        this.dir = dir;
        int apiPort = LabProcess.freePort();
        this.api = new LabApi("http://127.0.0.1:" + apiPort, token);
        this.env = Map.of("TLAB_TOKEN", token, "TLAB_DATASET_ROOT", dir.resolve("no-datasets").toString());
        LabProcess orchestrator = add(LabProcess.start("orchestrator", dir, env, List.of(), List.of("-Xmx1g"),
                "orchestrator", "--data-dir", dir.resolve("orchestrator").toString(),
                "--port", String.valueOf(clusterPort), "--api-port", String.valueOf(apiPort)));
        await("orchestrator API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.healthy() || !orchestrator.alive());
        if (!orchestrator.alive()) {
            throw new IllegalStateException(orchestrator.tail(40));
        }
    }

    void workers(int count, int slotsEach) {
        for (int i = 0; i < count; i++) {
            String name = "worker-" + i;
            add(LabProcess.start(name, dir, env, List.of(), List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=1500M"),
                    "worker", "--join", "127.0.0.1:" + clusterPort, "--slots", String.valueOf(slotsEach),
                    "--cache-dir", dir.resolve(name + "-cache").toString()));
        }
        await("worker slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.slots().size() == count * slotsEach);
    }

    private LabProcess add(LabProcess p) {
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        for (LabProcess p : processes) {
            p.close();
        }
    }
}
