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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;

/**
 * The orchestrator JVM dies (SIGKILL) mid-sweep and starts again on the same address and data
 * directory. The workers, cut off from the oldest node, are downed by their own split-brain
 * resolver, stop their stale work, start fresh actor systems and rejoin the seed; the restored
 * experiment requeues the trials that were running, and the sweep ends with each planned trial
 * completed once and one metric row per trial, epoch and metric.
 */
class OrchestratorRestartProcessTest {

    static final int TRIALS = 6;
    static final int EPOCHS = 10;
    static final String SPEC = """
            name: restart
            kind: synthetic
            seed: 9
            train:
              epochs: %d
            search:
              algorithm: random
              trials: %d
              maxConcurrent: 2
              space:
                x: {type: uniform, min: -1.0, max: 1.0}
                y: {type: uniform, min: -1.0, max: 1.0}
                sleepMs: {type: choice, values: [300]}
            """.formatted(EPOCHS, TRIALS);

    @TempDir
    Path dir;
    final List<LabProcess> processes = new ArrayList<>();

    /** Whatever failed, the processes' logs say why: they go into the failure message. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestExecutionExceptionHandler logsOnFailure = (context, failure) -> {
        StringBuilder logs = new StringBuilder(String.valueOf(failure.getMessage()));
        processes.forEach(p -> logs.append('\n').append(p.tail(40)));
        throw new AssertionError(logs.toString(), failure);
    };

    @AfterEach
    void stopAll() throws InterruptedException {
        for (LabProcess p : processes) {
            p.close();
        }
    }

    @Test
    void workers_rejoin_a_restarted_orchestrator_and_running_trials_finish_once() throws Exception {
        String token = "restart-test-token";
        int clusterPort = LabProcess.freePort();
        int apiPort = LabProcess.freePort();
        Map<String, String> env = Map.of("TLAB_TOKEN", token, "TLAB_SBR_STABLE_AFTER", "2s", "TLAB_HEARTBEAT_PAUSE", "2s",
                "TLAB_DATASET_ROOT", dir.resolve("no-datasets").toString());
        LabApi api = new LabApi("http://127.0.0.1:" + apiPort, token);
        LabProcess first = startOrchestrator("orchestrator-1", env, clusterPort, apiPort, api);
        List<LabProcess> workers = new ArrayList<>();
        for (String name : List.of("worker-a", "worker-b")) {
            workers.add(start(LabProcess.start(name, dir, env, List.of(), List.of("-Xmx384m"), "worker",
                    "--join", "127.0.0.1:" + clusterPort, "--slots", "1", "--rejoin-delay-ms", "500",
                    "--cache-dir", dir.resolve(name + "-cache").toString())));
        }
        await("two slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> api.slots().size() == 2);

        String id = api.submit(SPEC);
        await("two trials running, a few epochs in").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.trials(id).stream().filter(t -> t.status() == TrialStatus.RUNNING && t.epochs() >= 2).count() == 2);
        first.kill();

        startOrchestrator("orchestrator-2", env, clusterPort, apiPort, api);
        await("both workers rejoin the new orchestrator").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.slots().size() == 2);
        ExperimentView done = await("the restored sweep finishes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.experiment(id), e -> e.status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());

        List<TrialView> trials = api.trials(id);
        assertEquals(TRIALS, trials.size(), "exactly the planned trials");
        trials.forEach(t -> assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.message()));
        Map<String, List<MetricPoint>> byTrial = api.metrics(id).stream().collect(Collectors.groupingBy(MetricPoint::trialId));
        for (TrialView t : trials) {
            List<MetricPoint> points = byTrial.get(t.id());
            Set<Integer> steps = points.stream().map(MetricPoint::step).collect(Collectors.toSet());
            assertEquals(EPOCHS, steps.size(), t.id() + " epochs " + steps);
            assertEquals(points.size(), points.stream().map(p -> p.step() + "/" + p.name()).distinct().count(), t.id() + " rows");
        }
        List<LabEvent> events = api.events(id);
        assertTrue(events.stream().anyMatch(e -> e.kind() == LabEvent.Kind.EXPERIMENT_RESTORED), "the experiment was restored");
        Map<String, Long> completions = events.stream().filter(e -> e.kind() == LabEvent.Kind.TRIAL_COMPLETED)
                .collect(Collectors.groupingBy(LabEvent::trialId, Collectors.counting()));
        assertEquals(TRIALS, completions.size());
        completions.forEach((trial, n) -> assertEquals(1L, n, trial + " completed once"));
        // each worker came back as a fresh actor system: a downed member cannot rejoin as itself
        workers.forEach(w -> assertTrue(w.output().contains("(rejoin 1)"), w.tail(30)));
    }

    private LabProcess startOrchestrator(String name, Map<String, String> env, int clusterPort, int apiPort, LabApi api) {
        LabProcess p = start(LabProcess.start(name, dir, env, List.of(), List.of("-Xmx384m"),
                "orchestrator", "--data-dir", dir.resolve("orchestrator").toString(),
                "--port", String.valueOf(clusterPort), "--api-port", String.valueOf(apiPort)));
        await(name + " API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> api.healthy() || !p.alive());
        assertTrue(p.alive(), p.tail(40));
        return p;
    }

    private LabProcess start(LabProcess p) {
        processes.add(p);
        return p;
    }
}
