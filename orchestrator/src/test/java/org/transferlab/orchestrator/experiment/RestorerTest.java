package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.Restorer.Resumption;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.orchestrator.experiment.plan.Plan;
import org.transferlab.orchestrator.experiment.plan.TrialRecord;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.schedule.TrialScheduler;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** Rebuilding an experiment from recorded data, without a store or an actor. */
class RestorerTest {

    /** A scheduler that writes down what it is told. */
    static final class Recording implements TrialScheduler {
        final List<String> calls = new ArrayList<>();

        @Override
        public TrialDecision onResult(String trialId, int epoch, double objective) {
            calls.add(trialId + "@" + epoch);
            return TrialDecision.CONTINUE;
        }

        @Override
        public void onTrialEnd(String trialId) {
            calls.add(trialId + " ended");
        }
    }

    /** A plan that writes down what it restores. */
    static final class RecordingPlan implements Plan {
        final List<String> calls = new ArrayList<>();
        final List<TrialRecord> restored = new ArrayList<>();

        @Override
        public List<TrialRequest> next(int sweepCapacity) {
            return List.of();
        }

        @Override
        public Optional<String> onEnded(TrialRecord trial) {
            return Optional.empty();
        }

        @Override
        public void restore(TrialRecord trial) {
            calls.add(trial.stage().wire() + " " + trial.status());
            restored.add(trial);
        }

        @Override
        public void afterRestore() {
            calls.add("after restore");
        }

        @Override
        public boolean exhausted() {
            return false;
        }

        @Override
        public int plannedTrials() {
            return 0;
        }
    }

    static MetricPoint point(String trialId, int step) {
        return new MetricPoint(trialId, step, "val_accuracy", 0.1 * step, step);
    }

    @Test
    void a_restored_trial_gives_the_plan_its_objective_vector_from_its_stored_final_metrics() {
        TrialBook book = new TrialBook("exp");
        RecordingPlan plan = new RecordingPlan();
        TrialView sized = new TrialView("exp-t0", "exp", 0, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, Map.of("x", 0.1), null, 2,
                Map.of("val_accuracy", 0.7, "params", 1105.0), 0.7, null, null, null, 1, 1, Map.of(), Map.of());
        TrialView unsized = new TrialView("exp-t1", "exp", 1, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, Map.of("x", 0.2), null, 2,
                Map.of("val_accuracy", 0.8), 0.8, null, null, null, 1, 2, Map.of(), Map.of());

        Restorer.trials(List.of(sized, unsized), book, plan, List.of(new org.transferlab.protocol.spec.ObjectiveSpec.Goal("val_accuracy", "max"),
                new org.transferlab.protocol.spec.ObjectiveSpec.Goal("params", "min")), id -> List.of());

        assertEquals(List.of(0.7, 1105.0), plan.restored.get(0).objectives());
        assertEquals(java.util.Arrays.asList(0.8, null), plan.restored.get(1).objectives(), "a missing objective stays missing, the search counts it failed");
    }

    @Test
    void trials_are_restored_in_the_order_given_and_the_plan_hears_once_that_restore_is_over() {
        TrialBook book = new TrialBook("exp");
        RecordingPlan plan = new RecordingPlan();
        Restorer.trials(List.of(TrialBookTest.recorded(0, TrialStage.PRETRAIN, TrialStatus.COMPLETED, 1),
                TrialBookTest.recorded(1, TrialStage.FINETUNE, TrialStatus.RUNNING, 1)), book, plan,
                List.of(new org.transferlab.protocol.spec.ObjectiveSpec.Goal("val_accuracy", "max")), id -> List.of());
        assertEquals(List.of("pretrain COMPLETED", "finetune RUNNING", "after restore"), plan.calls);
        assertEquals(2, book.all().size());
        assertEquals(2, book.add(TrialBookTest.sweep(0.1)).number);
    }

    @Test
    void schedulers_replay_results_in_recorded_order_and_ended_trials_end_right_after_their_last_result() {
        TrialBook book = new TrialBook("exp");
        book.restore(TrialBookTest.recorded(0, TrialStage.FINETUNE, TrialStatus.COMPLETED, 1));
        book.restore(TrialBookTest.recorded(1, TrialStage.FINETUNE, TrialStatus.RUNNING, 1));
        book.restore(TrialBookTest.recorded(2, TrialStage.FINETUNE, TrialStatus.FAILED, 1)); // reported nothing
        book.restore(TrialBookTest.recorded(3, TrialStage.BASELINE, TrialStatus.STOPPED, 1));
        book.restore(TrialBookTest.recorded(4, TrialStage.PRETRAIN, TrialStatus.COMPLETED, 1)); // not swept
        Recording sweep = new Recording();
        Recording baseline = new Recording();
        List<MetricPoint> history = List.of(point("exp-t0", 1), point("exp-t1", 1), point("exp-t3", 1), point("exp-t0", 2),
                point("exp-t4", 1), point("exp-t1", 2));
        Restorer.replaySchedulers(book, history, t -> t.stage().track() == TrialStage.Track.SWEEP ? sweep : baseline);
        assertEquals(List.of("exp-t2 ended", "exp-t0@1", "exp-t1@1", "exp-t0@2", "exp-t0 ended", "exp-t1@2"), sweep.calls);
        assertEquals(List.of("exp-t3@1", "exp-t3 ended"), baseline.calls);
    }

    @Test
    void only_the_first_rebuild_after_a_process_restart_counts_a_running_attempt_as_lost() {
        TrialBook book = new TrialBook("exp");
        Trial running = book.restore(TrialBookTest.recorded(0, TrialStage.FINETUNE, TrialStatus.RUNNING, 1));
        Trial paused = book.restore(TrialBookTest.recorded(1, TrialStage.FINETUNE, TrialStatus.PAUSED, 1));
        Trial queued = book.restore(TrialBookTest.recorded(2, TrialStage.FINETUNE, TrialStatus.QUEUED, 0));
        assertEquals(Resumption.COUNT_LOST, Restorer.resumption(running, false, true));
        assertEquals(Resumption.REQUEUE, Restorer.resumption(running, false, false), "a reload after a store failure lost nothing");
        assertEquals(Resumption.HOLD, Restorer.resumption(paused, true, true));
        assertEquals(Resumption.REQUEUE, Restorer.resumption(paused, false, true), "the pause is over");
        assertEquals(Resumption.REQUEUE, Restorer.resumption(queued, true, true), "held by the dispatch, not here");
    }
}
