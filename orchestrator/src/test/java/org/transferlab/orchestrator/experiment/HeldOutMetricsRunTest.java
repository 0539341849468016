package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.Database;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.TestStores;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Held-out test metrics reach the store and the API beside the objective, and nothing that selects
 * (the objective, the scheduler's per-epoch rows, "best") reads them; and the seeds the run hands
 * out pair by repeat index. A real store (H2), no actor system.
 */
class HeldOutMetricsRunTest {

    @TempDir
    Path dataDir;
    Database database;
    LabStore store;
    ExperimentContext deps;
    final ExperimentRunTest.Recorded outside = new ExperimentRunTest.Recorded();

    @BeforeEach
    void open() {
        database = TestStores.open("", 2, dataDir);
        store = new LabStore(database);
        deps = new ExperimentContext(store, new EventLog(store), CompletableFuture.completedFuture("http://127.0.0.1:1/api/artifacts"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ExperimentRun started(String yaml) {
        ExperimentRun run = new ExperimentRun("exp", SpecCodec.parse(yaml), deps, outside);
        run.record();
        run.start();
        return run;
    }

    private void report(ExperimentRun run, WorkItem work, int epoch, Map<String, Double> metrics) {
        List<Object> answers = new ArrayList<>();
        run.progress(new ReportProgress(work.workId(), "a", epoch, metrics, epoch, null), answers::add);
        assertEquals(1, answers.size());
    }

    @Test
    void test_metrics_are_stored_beside_the_objective_and_no_selection_path_reads_them() {
        ExperimentRun run = started("""
                name: held-out
                kind: synthetic
                seed: 1
                train: {epochs: 1}
                search: {algorithm: grid, trials: 2, maxConcurrent: 1, space: {x: {type: choice, values: [0.1, 0.2]}}}
                scheduler: {type: median, gracePeriod: 1, minTrials: 1}
                """);
        WorkItem first = outside.enqueued.getFirst();
        run.workStarted(first.workId(), "a (cpu)", false);
        // a worker that (wrongly) reports a test metric with an epoch: it must not become a metric row a scheduler reads
        report(run, first, 1, Map.of("val_accuracy", 0.3, "test_accuracy", 0.99));
        run.completed(first.workId(), new WorkResult(Map.of("val_accuracy", 0.3, "test_accuracy", 0.99), Map.of(), false,
                Map.of("test_loss", 0.05)));

        WorkItem second = outside.enqueued.get(1);
        run.workStarted(second.workId(), "a (cpu)", false);
        report(run, second, 1, Map.of("val_accuracy", 0.6));
        run.completed(second.workId(), new WorkResult(Map.of("val_accuracy", 0.6), Map.of(), false,
                Map.of("test_accuracy", 0.1, "test_loss", 2.0)));

        TrialView a = store.trials().find(first.trialId()).orElseThrow();
        TrialView b = store.trials().find(second.trialId()).orElseThrow();
        assertEquals(0.3, a.objective(), "the objective is the validation value, not the test one");
        assertEquals(Map.of("test_accuracy", 0.99, "test_loss", 0.05), a.testMetrics());
        assertEquals(Map.of("test_accuracy", 0.1, "test_loss", 2.0), b.testMetrics());
        assertEquals(0.99, a.testValue("val_accuracy"), "shown beside val_accuracy as its held-out counterpart");
        assertTrue(a.lastMetrics().keySet().stream().noneMatch(WorkResult::isTestMetric), a.lastMetrics().toString());

        ExperimentView done = store.experiments().find("exp").orElseThrow();
        assertEquals(0.6, done.bestValue(), 1e-12, "best is chosen on validation although trial 1 has the better test value");
        assertEquals(second.trialId(), done.bestTrialId());
        for (MetricPoint p : store.metrics().ofExperiment("exp")) {
            assertTrue(!WorkResult.isTestMetric(p.name()), "a per-epoch row holds a test metric: " + p);
        }
        for (LabEvent e : store.events().after("exp", 0, 1000)) {
            assertTrue(e.metrics() == null || e.metrics().keySet().stream().noneMatch(WorkResult::isTestMetric), e.toString());
        }
    }

    @Test
    void repeats_get_their_repeat_seed_and_every_configuration_shares_it_at_the_same_repeat_index() {
        started("""
                name: repeats
                kind: synthetic
                seed: 40
                train: {epochs: 1}
                search: {algorithm: grid, trials: 2, repeats: 3, maxConcurrent: 6, space: {x: {type: choice, values: [0.1, 0.2]}}}
                """);
        assertEquals(6, outside.enqueued.size());
        List<Long> seeds = outside.enqueued.stream().map(w -> w.config().seed()).toList();
        assertEquals(List.of(40L, 41L, 42L, 40L, 41L, 42L), seeds,
                "repeat r of each configuration runs with seed spec.seed + r: repeats differ, configurations pair by repeat");
    }
}
