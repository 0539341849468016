package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.transferlab.orchestrator.schedule.PopulationBasedTraining;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.store.Database;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.TestStores;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Population-based training through an experiment's flow, without an actor system: a real store,
 * the outside written down. An exploit ends the bottom trial's attempt, records itself, makes the
 * donor's checkpoint the trial's resume point and its explored rates the trial's config, and a
 * restart rebuilds the same.
 */
class PbtFlowTest {

    static final String SPEC = """
            name: pbt
            kind: finetune
            seed: 5
            pretrain: {artifact: body-0}
            train: {epochs: 4, checkpointEvery: 1, baseline: false}
            search:
              algorithm: random
              trials: 2
              maxConcurrent: 2
              space:
                learningRate: {type: loguniform, min: 0.001, max: 0.1}
            scheduler: {type: pbt, perturbationInterval: 2, quantile: 0.5}
            """;

    @TempDir
    Path dataDir;
    Database database;
    LabStore store;
    ExperimentContext deps;
    final ExperimentRunTest.Recorded outside = new ExperimentRunTest.Recorded();
    final ExperimentSpec spec = SpecCodec.parse(SPEC);

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

    TrialDecision progress(ExperimentRun run, WorkItem work, int epoch, double accuracy) {
        List<TrialDecision> decisions = new ArrayList<>();
        run.progress(new ReportProgress(work.workId(), "a", epoch, Map.of("val_accuracy", accuracy), epoch, null), decisions::add);
        return decisions.getFirst();
    }

    List<LabEvent> events(String kind) {
        return store.events().after("pbt", 0, 1000).stream().filter(e -> e.kind().wire().equals(kind)).toList();
    }

    @Test
    void the_bottom_trial_goes_on_from_the_donors_checkpoint_with_explored_rates_and_a_restart_rebuilds_the_same() {
        ExperimentRun run = new ExperimentRun("pbt", spec, deps, outside);
        run.record();
        run.start();
        assertEquals(2, outside.enqueued.size(), "the population: two trials at once");
        WorkItem good = outside.enqueued.get(0);
        WorkItem bad = outside.enqueued.get(1);
        run.workStarted(good.workId(), "a", false);
        run.workStarted(bad.workId(), "b", false);
        progress(run, good, 1, 0.6);
        progress(run, bad, 1, 0.3);
        assertFalse(progress(run, good, 2, 0.7).stop(), "first result at epoch 2: nothing to compare with");
        run.checkpointed(good.workId(), 2, "ckpt-good-2");

        TrialDecision d = progress(run, bad, 2, 0.4);
        assertTrue(d.stop(), "the bottom trial's attempt ends after its epoch");
        List<Exploit> exploits = store.exploits().ofExperiment("pbt");
        assertEquals(1, exploits.size());
        Exploit x = exploits.getFirst();
        assertEquals(bad.trialId(), x.trialId());
        assertEquals(good.trialId(), x.donorTrialId());
        assertEquals(2, x.donorEpoch());
        assertEquals("ckpt-good-2", x.checkpoint());
        assertEquals(0.4, x.objective());
        assertEquals(0.7, x.donorObjective());
        assertEquals(bad.config().learningRate(), ((Number) x.previousParams().get("learningRate")).doubleValue(), 1e-12);
        double explored = ((Number) x.params().get("learningRate")).doubleValue();
        double donorRate = good.config().learningRate();
        assertTrue(Math.abs(explored - donorRate * 0.8) < 1e-12 || Math.abs(explored - donorRate * 1.2) < 1e-12
                || (explored >= 0.001 && explored <= 0.1), "explored from the donor's rate " + donorRate + ": " + explored);
        assertEquals("ckpt-good-2", store.trials().checkpoint(bad.trialId()).orElseThrow(), "the resume point is the donor's");
        LabEvent event = events("trial.exploited").getFirst();
        assertEquals(bad.trialId(), event.trialId());
        assertEquals(2, event.epoch());
        assertEquals(explored, event.metrics().get("learningRate"), 1e-12);
        assertTrue(event.message().contains("continues from trial " + good.trialId()), event.message());

        // the attempt trained one more epoch before the stop reached it: discarded with its checkpoint
        assertTrue(progress(run, bad, 3, 0.45).stop());
        run.checkpointed(bad.workId(), 3, "ckpt-bad-3");
        run.completed(bad.workId(), new WorkResult(Map.of("val_accuracy", 0.45), Map.of("model", "m-bad"), true));
        assertEquals(2, store.metrics().recordedSteps(bad.trialId()).cardinality(), "epochs 1 and 2 only");
        assertEquals("ckpt-good-2", store.trials().checkpoint(bad.trialId()).orElseThrow());
        assertEquals(TrialStatus.QUEUED, store.trials().find(bad.trialId()).orElseThrow().status());
        WorkItem next = outside.enqueued.getLast();
        assertEquals(bad.trialId(), next.trialId(), "the same trial goes on");
        assertEquals("ckpt-good-2", next.resumeFrom());
        assertEquals(explored, next.config().learningRate(), 1e-12);
        assertNotEquals(bad.config().learningRate(), next.config().learningRate());

        // its next attempt reports epoch 3 again, now from the donor's weights, and it is recorded
        run.workStarted(next.workId(), "b", false);
        assertFalse(progress(run, next, 3, 0.72).stop());
        run.flushResults();
        assertEquals(3, store.metrics().recordedSteps(bad.trialId()).cardinality());

        // the orchestrator restarts: the rebuilt scheduler and the trial's config equal the uninterrupted ones
        PopulationBasedTraining.State uninterrupted = ((PopulationBasedTraining) run.sweepScheduler()).state();
        ExperimentRunTest.Recorded after = new ExperimentRunTest.Recorded();
        ExperimentRun restored = new ExperimentRun("pbt", spec, deps, after);
        restored.restore(true);
        assertEquals(uninterrupted, ((PopulationBasedTraining) restored.sweepScheduler()).state());
        WorkItem again = after.enqueued.stream().filter(w -> w.trialId().equals(bad.trialId())).findFirst().orElseThrow();
        assertEquals(explored, again.config().learningRate(), 1e-12, "the exploited trial keeps its explored rate");
        assertEquals("ckpt-good-2", again.resumeFrom());
        WorkItem donorAgain = after.enqueued.stream().filter(w -> w.trialId().equals(good.trialId())).findFirst().orElseThrow();
        assertEquals(good.config().learningRate(), donorAgain.config().learningRate(), 1e-12);
    }

    /** Two trials; the second is exploited at epoch 2 by the first; returns [good, bad, explored rate]. */
    private Object[] exploited(ExperimentRun run) {
        run.record();
        run.start();
        WorkItem good = outside.enqueued.get(0);
        WorkItem bad = outside.enqueued.get(1);
        run.workStarted(good.workId(), "a", false);
        run.workStarted(bad.workId(), "b", false);
        progress(run, good, 1, 0.6);
        progress(run, bad, 1, 0.3);
        progress(run, good, 2, 0.7);
        run.checkpointed(good.workId(), 2, "ckpt-good-2");
        assertTrue(progress(run, bad, 2, 0.4).stop());
        double explored = ((Number) store.exploits().ofExperiment("pbt").getFirst().params().get("learningRate")).doubleValue();
        return new Object[] {good, bad, explored};
    }

    @Test
    void an_attempt_that_fails_after_the_exploit_is_retried_from_the_donors_checkpoint_with_the_explored_rate() {
        ExperimentRun run = new ExperimentRun("pbt", spec, deps, outside);
        Object[] x = exploited(run);
        WorkItem bad = (WorkItem) x[1];
        run.failed(bad.workId(), "worker ran out of memory");
        WorkItem retry = outside.enqueued.getLast();
        assertEquals(bad.trialId(), retry.trialId());
        assertEquals("ckpt-good-2", retry.resumeFrom());
        assertEquals((double) x[2], retry.config().learningRate(), 1e-12);
        assertFalse(progress(run, retry, 3, 0.71).stop(), "the retry runs on normally");
    }

    @Test
    void a_pause_while_an_exploit_is_pending_holds_the_trial_with_the_donors_checkpoint_until_the_resume() {
        ExperimentRun run = new ExperimentRun("pbt", spec, deps, outside);
        Object[] x = exploited(run);
        WorkItem bad = (WorkItem) x[1];
        run.pause(reply -> { });
        int handedOut = outside.enqueued.size();
        run.completed(bad.workId(), new WorkResult(Map.of("val_accuracy", 0.45), Map.of("checkpoint", "ckpt-bad-3"), true));
        assertEquals(TrialStatus.PAUSED, store.trials().find(bad.trialId()).orElseThrow().status());
        assertEquals("ckpt-good-2", store.trials().checkpoint(bad.trialId()).orElseThrow(), "not the stopped attempt's own checkpoint");
        assertEquals(handedOut, outside.enqueued.size(), "nothing is handed out while paused");
        run.resume(reply -> { });
        WorkItem next = outside.enqueued.stream().filter(w -> w.trialId().equals(bad.trialId())).reduce((a, b) -> b).orElseThrow();
        assertEquals("ckpt-good-2", next.resumeFrom());
        assertEquals((double) x[2], next.config().learningRate(), 1e-12);
    }

    /**
     * With {@code explore: bandit} (PB2) the spec's explore reaches the scheduler: before any interval
     * has a measured start the bandit sends the exploited trial as far as it can from the trial still
     * training (the donor), where perturbing (resampling off) would stay within ×1.2 of it. The
     * exploit then runs like any other and a restart rebuilds the same state.
     */
    @Test
    void a_bandit_explore_chooses_away_from_the_running_trial_and_restores_like_perturb() {
        ExperimentSpec bandit = SpecCodec.parse(SPEC.replace("quantile: 0.5}", "quantile: 0.5, resampleProbability: 0, explore: bandit}"));
        ExperimentRun run = new ExperimentRun("pbt", bandit, deps, outside);
        Object[] x = exploited(run);
        WorkItem good = (WorkItem) x[0];
        double explored = (double) x[2];
        double unit = Math.log(explored / good.config().learningRate()) / Math.log(0.1 / 0.001);
        assertTrue(explored >= 0.001 && explored <= 0.1, "within the space: " + explored);
        assertTrue(Math.abs(unit) > 0.4, "the donor's rate " + good.config().learningRate() + ", the bandit's " + explored);

        PopulationBasedTraining.State uninterrupted = ((PopulationBasedTraining) run.sweepScheduler()).state();
        ExperimentRun restored = new ExperimentRun("pbt", bandit, deps, new ExperimentRunTest.Recorded());
        restored.restore(true);
        assertEquals(uninterrupted, ((PopulationBasedTraining) restored.sweepScheduler()).state());
    }
}
