package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;

/**
 * A real network cut. Worker B runs in its own network namespace, joined to the host by a veth
 * pair; the orchestrator and worker A run on the host side. Mid-sweep the host end of the veth
 * goes down, so B's packets are dropped, not refused: the failure detector marks B unreachable,
 * the split-brain resolver (keep-oldest, orchestrator role) downs it, its trial is requeued on A.
 * B's own resolver downs B; `tlab worker` starts a fresh actor system, and when the link comes
 * back it rejoins and takes work again. The sweep ends with exactly its trials and metric rows.
 *
 * <p>Needs root and {@code ip netns}; skipped, saying so, where either is missing (CI runs as root).
 */
class ClusterPartitionProcessTest {

    static final String SPEC = """
            name: partition
            kind: synthetic
            seed: 3
            train:
              epochs: 10
            search:
              algorithm: random
              trials: 8
              maxConcurrent: 2
              space:
                x: {type: uniform, min: -1.0, max: 1.0}
                y: {type: uniform, min: -1.0, max: 1.0}
                sleepMs: {type: choice, values: [300]}
            """;

    @TempDir
    Path dir;
    final List<LabProcess> processes = new ArrayList<>();
    final String suffix = Long.toString(ProcessHandle.current().pid() % 10000);
    final String ns = "tlab-part-" + suffix;
    final String hostEnd = "tlph" + suffix;
    final String nsEnd = "tlpn" + suffix;
    final int subnet = (int) (ProcessHandle.current().pid() % 200) + 20;
    final String hostIp = "10.231." + subnet + ".1";
    final String nsIp = "10.231." + subnet + ".2";

    @BeforeEach
    void makeNamespace() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the partition test needs root to create a network namespace (CI runs as root)");
        sh(false, "ip", "netns", "del", ns);
        Assumptions.assumeTrue(sh(false, "ip", "netns", "add", ns) == 0,
                "'ip netns add' does not work here (no iproute2 or no CAP_NET_ADMIN): cannot cut a real link");
        sh(true, "ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
        sh(true, "ip", "link", "set", nsEnd, "netns", ns);
        sh(true, "ip", "addr", "add", hostIp + "/24", "dev", hostEnd);
        sh(true, "ip", "link", "set", hostEnd, "up");
        sh(true, "ip", "netns", "exec", ns, "ip", "addr", "add", nsIp + "/24", "dev", nsEnd);
        sh(true, "ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "up");
        sh(true, "ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }

    /** Whatever failed, the processes' logs say why: they go into the failure message. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestExecutionExceptionHandler logsOnFailure = (context, failure) -> {
        StringBuilder logs = new StringBuilder(String.valueOf(failure.getMessage()));
        processes.forEach(p -> logs.append('\n').append(p.tail(40)));
        AssertionError withLogs = new AssertionError(logs.toString(), failure);
        throw withLogs;
    };

    @AfterEach
    void cleanUp() throws Exception {
        for (LabProcess p : processes) {
            p.close();
        }
        sh(false, "ip", "link", "del", hostEnd);
        sh(false, "ip", "netns", "del", ns);
    }

    @Test
    void a_cut_off_worker_is_downed_its_trial_moves_and_it_rejoins_when_the_link_returns() throws Exception {
        String token = "partition-test-token";
        int clusterPort = LabProcess.freePort();
        int apiPort = LabProcess.freePort();
        Map<String, String> env = Map.of("TLAB_TOKEN", token, "TLAB_SBR_STABLE_AFTER", "2s", "TLAB_HEARTBEAT_PAUSE", "2s",
                "TLAB_HTTP_HOST", hostIp, "TLAB_DATASET_ROOT", dir.resolve("no-datasets").toString());
        LabProcess orchestrator = start(LabProcess.start("orchestrator", dir, env, List.of(), List.of("-Xmx384m"),
                "orchestrator", "--data-dir", dir.resolve("orchestrator").toString(), "--host", hostIp,
                "--port", String.valueOf(clusterPort), "--api-port", String.valueOf(apiPort)));
        LabApi api = new LabApi("http://" + hostIp + ":" + apiPort, token);
        await("orchestrator API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.healthy() || !orchestrator.alive());
        assertTrue(orchestrator.alive(), orchestrator.tail(40));

        String join = hostIp + ":" + clusterPort;
        LabProcess workerA = start(LabProcess.start("worker-a", dir, env, List.of(), List.of("-Xmx512m"),
                "worker", "--join", join, "--host", hostIp, "--slots", "1", "--cache-dir", dir.resolve("a-cache").toString()));
        LabProcess workerB = start(LabProcess.start("worker-b", dir, env, List.of("ip", "netns", "exec", ns), List.of("-Xmx512m"),
                "worker", "--join", join, "--host", nsIp, "--slots", "1", "--rejoin-delay-ms", "1000",
                "--cache-dir", dir.resolve("b-cache").toString()));
        await("both workers' slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.slots().size() == 2);

        String id = api.submit(SPEC);
        TrialView victim = await("a trial running on worker B").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.trials(id).stream().filter(t -> t.status() == TrialStatus.RUNNING && t.slot() != null
                        && t.slot().contains(nsIp + ":") && t.epochs() >= 1).findFirst().orElse(null), t -> t != null);

        sh(true, "ip", "link", "set", hostEnd, "down");
        long cutAt = System.currentTimeMillis();
        await("B's trial is requeued and runs on worker A").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.trials(id).stream().anyMatch(t -> t.id().equals(victim.id()) && t.slot() != null
                        && t.slot().contains(hostIp + ":")));
        long movedAt = System.currentTimeMillis();
        await("B's side downs B, which starts a fresh actor system").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> workerB.output().contains("starting a fresh one to rejoin"));
        assertTrue(workerB.alive(), workerB.tail(30));

        sh(true, "ip", "link", "set", hostEnd, "up");
        long healedAt = System.currentTimeMillis();
        await("B rejoins and offers its slot again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.slots().stream().anyMatch(s -> s.node().contains(nsIp + ":")));
        long rejoinedAt = System.currentTimeMillis();

        ExperimentView done = await("the sweep finishes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.experiment(id), e -> e.status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message() + "\n" + orchestrator.tail(60));

        List<TrialView> trials = api.trials(id);
        assertEquals(8, trials.size(), "exactly the planned trials");
        trials.forEach(t -> assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.message()));
        Map<String, List<MetricPoint>> byTrial = api.metrics(id).stream().collect(Collectors.groupingBy(MetricPoint::trialId));
        for (TrialView t : trials) {
            List<MetricPoint> points = byTrial.get(t.id());
            Set<Integer> steps = points.stream().map(MetricPoint::step).collect(Collectors.toSet());
            assertEquals(10, steps.size(), t.id() + " epochs " + steps);
            assertEquals(points.size(), points.stream().map(p -> p.step() + "/" + p.name()).distinct().count(), t.id() + " no duplicates");
        }
        List<LabEvent> events = api.events(id);
        assertTrue(events.stream().anyMatch(e -> e.kind() == LabEvent.Kind.TRIAL_REQUEUED && victim.id().equals(e.trialId())),
                "the cut-off worker's trial was requeued");
        assertTrue(workerB.output().contains("(rejoin 1)"), workerB.tail(40));
        System.out.printf("BENCH partition cut->trial-moved=%d ms heal->rejoined=%d ms%n", movedAt - cutAt, rejoinedAt - healedAt);
    }

    private LabProcess start(LabProcess p) {
        processes.add(p);
        return p;
    }

    /** Runs a command; with {@code check}, a non-zero exit fails the test. */
    private static int sh(boolean check, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " hung");
        }
        if (check && p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return p.exitValue();
    }
}
