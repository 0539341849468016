package org.transferlab.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;

/**
 * Kills the orchestrator's JVM mid-sweep and starts it again on the same data directory: the
 * experiment must finish with exactly the planned trials, each run to completion once, and exactly
 * one metric row per trial, epoch and metric. The lab runs as a real separate process ({@code tlab
 * standalone} on this module's test class path) killed with {@code destroyForcibly()}.
 */
class RestoreProcessTest {

    static final int EPOCHS = 6;
    static final List<Double> XS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5);
    static final String SPEC = """
            name: restore-me
            kind: synthetic
            seed: 7
            train: {epochs: %d}
            search:
              algorithm: grid
              trials: 6
              maxConcurrent: 2
              space:
                x: {type: choice, values: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]}
                sleepMs: {type: choice, values: [250]}
            """.formatted(EPOCHS);

    @TempDir
    Path dataDir;
    Process lab;

    @AfterEach
    void killLab() {
        if (lab != null) {
            lab.destroyForcibly();
        }
    }

    @Test
    void a_sweep_survives_a_killed_orchestrator_with_every_trial_run_once_and_every_metric_stored_once() throws Exception {
        LabApiClient client = start();
        String id = client.submit(SPEC).id();

        // Kill it with two trials done and others part-way through an epoch count.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<TrialView> trials = client.trials(id);
            return trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED).count() >= 2
                    && trials.stream().anyMatch(t -> t.status() == TrialStatus.RUNNING && t.epochs() >= 2);
        });
        Map<String, Integer> doneBefore = client.trials(id).stream().filter(t -> t.status() == TrialStatus.COMPLETED)
                .collect(Collectors.toMap(TrialView::id, TrialView::attempts));
        lab.destroyForcibly().waitFor();

        LabApiClient restarted = start();
        await().atMost(Duration.ofSeconds(90)).until(() -> restarted.experiment(id).status().terminal());
        ExperimentView done = restarted.experiment(id);
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());
        assertEquals(6, done.trialsDone());

        List<TrialView> trials = restarted.trials(id);
        assertEquals(6, trials.size(), "no trial lost, none added");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), trials.stream().map(TrialView::number).toList());
        assertEquals(Set.copyOf(XS), trials.stream().map(t -> ((Number) t.params().get("x")).doubleValue()).collect(Collectors.toSet()),
                "each grid point exactly once");
        for (TrialView t : trials) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.message());
            assertEquals(EPOCHS, t.epochs());
            List<MetricPoint> points = restarted.trialMetrics(t.id());
            assertEquals(EPOCHS * 2, points.size(), t.id() + " has one row per epoch and metric: " + points);
            assertEquals(Set.of(1, 2, 3, 4, 5, 6), points.stream().map(MetricPoint::step).collect(Collectors.toSet()));
        }
        doneBefore.forEach((trial, attempts) -> assertEquals(attempts,
                trials.stream().filter(t -> t.id().equals(trial)).findFirst().orElseThrow().attempts(),
                trial + " finished before the kill and did not run again"));
        assertEquals(6 * EPOCHS * 2, restarted.experimentMetrics(id).size());

        // The CLI's control commands against the restarted lab: the experiment is over, so 409 in words.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "pause", id, "--api", restarted.baseUrl().toString(), "--token", token());
        assertEquals(1, rc);
        assertTrue(err.toString().contains("not running"), err.toString());
    }

    static final int PBT_EPOCHS = 100;
    static final String PBT_SPEC = """
            name: pbt-restore
            kind: finetune
            seed: 25
            data: {dataset: mnist, sourceExamplesPerClass: 60, examplesPerClass: 40, validationPerClass: 40}
            model: {hidden: [32, 16]}
            pretrain: {epochs: 2}
            train: {epochs: %d, batchSize: 5, checkpointEvery: 1, baseline: false}
            search:
              algorithm: random
              trials: 2
              maxConcurrent: 2
              space:
                learningRate: {type: loguniform, min: 0.00001, max: 0.05}
            scheduler: {type: pbt, perturbationInterval: 2, quantile: 0.5}
            """.formatted(PBT_EPOCHS);

    /**
     * Population-based training across a killed orchestrator: the exploits recorded before the kill
     * stay the first exploits of the finished experiment, each trial still records every one of its
     * epochs exactly once, and each exploited trial ends with the hyperparameters of its last exploit.
     * One slot runs trial 1 (seed 25: a good rate) before trial 2 (a hopeless one), so trial 2 is
     * exploited at epoch 2, and the lab is killed while trial 2 trains on from trial 1's weights.
     */
    @Test
    void a_pbt_sweep_survives_a_killed_orchestrator_with_its_exploits_and_every_epoch_once() throws Exception {
        LabApiClient client = start(1);
        String id = client.submit(PBT_SPEC).id();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> !client.lineage(id).exploits().isEmpty()
                && client.trials(id).stream().anyMatch(t -> t.status() == TrialStatus.RUNNING && t.epochs() < PBT_EPOCHS - 10));
        List<org.transferlab.protocol.view.Exploit> before = client.lineage(id).exploits();
        lab.destroyForcibly().waitFor();

        LabApiClient restarted = start(1);
        await().atMost(Duration.ofSeconds(180)).until(() -> restarted.experiment(id).status().terminal());
        ExperimentView done = restarted.experiment(id);
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());
        org.transferlab.protocol.view.Lineage lineage = restarted.lineage(id);
        assertEquals(before, lineage.exploits().subList(0, before.size()), "the exploits before the kill, as they were");
        List<TrialView> sweep = restarted.trials(id).stream().filter(t -> t.stage() == org.transferlab.protocol.work.TrialStage.FINETUNE).toList();
        assertEquals(2, sweep.size());
        for (TrialView t : sweep) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.message());
            List<Integer> steps = restarted.trialMetrics(t.id()).stream().filter(p -> p.name().equals("val_accuracy"))
                    .map(MetricPoint::step).sorted().toList();
            assertEquals(java.util.stream.IntStream.rangeClosed(1, PBT_EPOCHS).boxed().toList(), steps, t.id() + ": every epoch once");
            org.transferlab.protocol.view.Lineage.Member member = lineage.trials().stream()
                    .filter(m -> m.trialId().equals(t.id())).findFirst().orElseThrow();
            List<org.transferlab.protocol.view.Exploit> own = lineage.exploits().stream().filter(e -> e.trialId().equals(t.id())).toList();
            assertEquals(own.size() + 1, member.schedule().size());
            if (!own.isEmpty()) {
                assertEquals(own.getLast().params(), member.schedule().getLast().params());
            }
        }
    }

    /** Starts {@code tlab standalone} in its own JVM on the data directory and waits for its API. */
    private LabApiClient start() throws Exception {
        return start(2);
    }

    private LabApiClient start(int slots) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.transferlab.lab.Tlab", "standalone", "--data-dir", dataDir.toString(), "--api-port", "0",
                "--no-dashboard", "--no-fetch", "--slots", Integer.toString(slots)).redirectErrorStream(true);
        pb.environment().put("TLAB_CLUSTER_PORT", "0");
        pb.environment().remove("TLAB_TOKEN");
        lab = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process was killed
            }
        }, "standalone-output");
        reader.setDaemon(true);
        reader.start();
        Process process = lab;
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("tlab standalone exited: " + String.join("\n", lines));
            }
            return lines.stream().anyMatch(l -> l.strip().startsWith("API "));
        });
        String url = lines.stream().filter(l -> l.strip().startsWith("API ")).findFirst().orElseThrow().strip().split("\\s+")[1];
        return new LabApiClient(URI.create(url), token());
    }

    private String token() throws Exception {
        return Files.readString(dataDir.resolve("api-token")).strip();
    }
}
