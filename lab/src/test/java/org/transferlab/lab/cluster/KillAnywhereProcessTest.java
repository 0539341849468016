package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * A real {@code tlab standalone} JVM training real (tiny) DL4J trials with a checkpoint after
 * every epoch is SIGKILLed at random moments, again and again, and started on the same data
 * directory each time. Whatever the moments, every trial must end with each of its epochs
 * recorded exactly once, 1..N without a gap, in the metrics and in the event log alike: a
 * checkpoint may never become a resume point before the epoch it covers is stored.
 *
 * <p>The kill moments come from a seed printed in every failure ({@code -Dtlab.killSeed=...}
 * replays one); each life is killed a random 0-{@value #MAX_DELAY_MS} ms after it has stored new
 * metrics, so every kill lands while trials train, report and checkpoint.
 */
class KillAnywhereProcessTest {

    static final int KILLS = 6;
    static final int MAX_DELAY_MS = 700;
    static final int EPOCHS = 25;
    static final int TRIALS = 4;
    static final String SPEC = """
            name: kill-anywhere
            kind: finetune
            seed: 5
            data: {dataset: digits, sourceClasses: [0, 1, 2, 3, 4], sourceExamplesPerClass: 40,
                   targetClasses: [5, 6, 7, 8, 9], examplesPerClass: 20, validationPerClass: 20}
            model: {type: mlp, hidden: [24]}
            pretrain: {epochs: 2, batchSize: 20}
            train: {epochs: %d, batchSize: 5, checkpointEvery: 1}
            limits: {maxRetries: 10}
            search:
              algorithm: grid
              trials: %d
              maxConcurrent: 2
              space:
                learningRate: {type: choice, values: [0.01, 0.02, 0.03, 0.05]}
            """.formatted(EPOCHS, TRIALS);

    @TempDir
    Path dir;
    final List<LabProcess> processes = new ArrayList<>();
    final long seed = Long.getLong("tlab.killSeed", System.nanoTime());

    /** Whatever failed, the seed and the lab's last log lines go into the failure message. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestExecutionExceptionHandler logsOnFailure = (context, failure) -> {
        StringBuilder logs = new StringBuilder("kill seed " + seed + " (-Dtlab.killSeed=" + seed + " replays it): "
                + failure.getMessage());
        if (!processes.isEmpty()) {
            logs.append('\n').append(processes.getLast().tail(40));
        }
        throw new AssertionError(logs.toString(), failure);
    };

    @AfterEach
    void stopAll() throws InterruptedException {
        for (LabProcess p : processes) {
            p.close();
        }
    }

    @Test
    void a_lab_killed_at_random_moments_records_every_epoch_of_every_trial_exactly_once() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(seed);
        String token = "kill-anywhere-token";
        int apiPort = LabProcess.freePort();
        Map<String, String> env = Map.of("TLAB_TOKEN", token, "TLAB_CLUSTER_PORT", "0",
                "TLAB_DATASET_ROOT", dir.resolve("no-datasets").toString(), "TLAB_CACHE_DIR", dir.resolve("cache").toString());
        LabApi api = new LabApi("http://127.0.0.1:" + apiPort, token);

        LabProcess lab = startLab(0, env, apiPort, api);
        String id = api.submit(SPEC);
        int kills = 0;
        int stored = 0;
        int amidFineTunes = 0;
        while (kills < KILLS) {
            int before = stored;
            await("life " + kills + " stores new metrics").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.experiment(id).status().terminal() || api.metrics(id).size() > before);
            if (api.experiment(id).status().terminal()) {
                break;
            }
            List<MetricPoint> now = api.metrics(id);
            stored = now.size();
            String pretrain = pretrainId(api, id);
            boolean fineTuning = now.stream().anyMatch(m -> !m.trialId().equals(pretrain));
            amidFineTunes += fineTuning ? 1 : 0;
            int delay = random.nextInt(MAX_DELAY_MS + 1);
            Thread.sleep(delay); // the random moment is the point of the test
            lab.kill();
            kills++;
            System.out.printf("kill %d: %d ms after %d metric rows were stored%s (%.1f s into the test)%n", kills, delay, stored,
                    fineTuning ? ", fine-tune trials training" : "", (System.nanoTime() - began) / 1e9);
            lab = startLab(kills, env, apiPort, api);
        }
        ExperimentView done = await("the experiment ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.experiment(id), e -> e.status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());
        assertTrue(kills >= 3, "the lab was killed only " + kills + " times before the experiment ended; make it longer");
        assertTrue(amidFineTunes >= 2, "only " + amidFineTunes + " kills landed while fine-tune trials (which checkpoint) ran");

        List<TrialView> trials = api.trials(id);
        assertEquals(TRIALS + 2, trials.size(), "the pretrain stage, the planned trials and the network from scratch, none added");
        assertEquals(1, trials.stream().filter(t -> t.stage() == TrialStage.FROM_SCRATCH).count());
        Map<String, List<MetricPoint>> metrics = api.metrics(id).stream().collect(Collectors.groupingBy(MetricPoint::trialId));
        Map<String, List<Integer>> eventEpochs = api.events(id).stream()
                .filter(e -> e.kind() == LabEvent.Kind.TRIAL_METRICS)
                .collect(Collectors.groupingBy(LabEvent::trialId, Collectors.mapping(LabEvent::epoch, Collectors.toList())));
        for (TrialView t : trials) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.message());
            int epochs = t.stage() == TrialStage.PRETRAIN ? 2 : EPOCHS;
            List<Integer> expected = IntStream.rangeClosed(1, epochs).boxed().toList();
            Map<Integer, List<String>> names = new TreeMap<>(metrics.getOrDefault(t.id(), List.of()).stream()
                    .collect(Collectors.groupingBy(MetricPoint::step, Collectors.mapping(MetricPoint::name, Collectors.toList()))));
            assertEquals(expected, List.copyOf(names.keySet()), t.id() + " (" + t.stage() + ") has a metric row for every epoch");
            List<String> first = names.get(1).stream().sorted().toList();
            names.forEach((step, n) -> assertEquals(first, n.stream().sorted().toList(),
                    t.id() + " step " + step + " has each metric once"));
            assertEquals(expected, eventEpochs.getOrDefault(t.id(), List.of()).stream().sorted().toList(),
                    t.id() + " has one trial.metrics event per epoch, none lost, none doubled");
            assertEquals(epochs, t.epochs(), t.id() + " epoch count");
        }
    }

    private static String pretrainId(LabApi api, String experimentId) throws Exception {
        return api.trials(experimentId).stream().filter(t -> t.stage() == TrialStage.PRETRAIN).findFirst().orElseThrow().id();
    }

    private LabProcess startLab(int life, Map<String, String> env, int apiPort, LabApi api) {
        LabProcess p = LabProcess.start("standalone-" + life, dir, env, List.of(), List.of("-Xmx512m"),
                "standalone", "--data-dir", dir.resolve("data").toString(), "--api-port", String.valueOf(apiPort),
                "--no-dashboard", "--no-fetch", "--slots", "2");
        processes.add(p);
        long starting = System.nanoTime();
        await("life " + life + " API").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.healthy() || !p.alive());
        assertTrue(p.alive(), p.tail(40));
        System.out.printf("life %d: API up after %.1f s%n", life, (System.nanoTime() - starting) / 1e9);
        return p;
    }
}
