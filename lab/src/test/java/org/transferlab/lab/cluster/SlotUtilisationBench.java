package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;

/**
 * Benchmark, not run by {@code mvn verify} (bench/cluster/utilisation.sh runs it): a sweep of real
 * fine-tune trials on two worker JVMs with one CPU slot each. Per slot: busy time (trial started →
 * trial completed, as the orchestrator records them) over the sweep's wall time (first sweep trial
 * started → last completed). The gaps are what scheduling costs: a report's trip to the
 * orchestrator, the next proposal, the assignment's trip back.
 */
class SlotUtilisationBench {

    @TempDir
    Path dir;

    @Test
    void slot_utilisation_during_a_sweep_of_real_trials() throws Exception {
        String spec = """
                name: utilisation-bench
                kind: finetune
                seed: 7
                data:
                  dataset: mnist
                  sourceExamplesPerClass: 60
                  examplesPerClass: 40
                  validationPerClass: 40
                model:
                  hidden: [256, 128]
                pretrain:
                  epochs: 1
                train:
                  epochs: 4
                  batchSize: 4
                  checkpointEvery: 1
                search:
                  algorithm: random
                  trials: 12
                  maxConcurrent: 2
                  space:
                    learningRate: {type: loguniform, min: 1.0e-3, max: 1.0e-2}
                    frozenLayers: {type: choice, values: [0, 1]}
                """;
        try (LabCluster lab = new LabCluster(dir)) {
            lab.workers(2, 1);
            String id = lab.api.submit(spec);
            ExperimentView done = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lab.api.experiment(id), e -> e.status().terminal());
            List<LabEvent> events = lab.api.events(id);
            Map<String, String> slotOf = new HashMap<>();
            Map<String, Long> startedAt = new HashMap<>();
            Map<String, Long> busy = new TreeMap<>();
            Map<String, Integer> count = new TreeMap<>();
            long first = Long.MAX_VALUE;
            long last = 0;
            for (LabEvent e : events) {
                if (e.trialId() == null || e.trialId().endsWith("-t0")) {
                    continue; // the pretrain stage runs alone, before the sweep
                }
                if (e.kind() == LabEvent.Kind.TRIAL_STARTED) {
                    slotOf.put(e.trialId(), e.message().substring(e.message().indexOf(" on ") + 4));
                    startedAt.put(e.trialId(), e.time());
                    first = Math.min(first, e.time());
                } else if (e.kind() == LabEvent.Kind.TRIAL_COMPLETED || e.kind() == LabEvent.Kind.TRIAL_STOPPED) {
                    String slot = slotOf.get(e.trialId());
                    busy.merge(slot, e.time() - startedAt.get(e.trialId()), Long::sum);
                    count.merge(slot, 1, Integer::sum);
                    last = Math.max(last, e.time());
                }
            }
            long wall = last - first;
            StringBuilder line = new StringBuilder(String.format("BENCH utilisation status=%s sweep wall=%.1f s", done.status(), wall / 1000.0));
            busy.forEach((slot, ms) -> line.append(String.format("; %s: %d trials, busy %.1f s = %.1f %%", slot, count.get(slot),
                    ms / 1000.0, 100.0 * ms / wall)));
            System.out.println(line);
        }
    }
}
