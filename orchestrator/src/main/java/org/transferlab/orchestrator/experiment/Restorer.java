package org.transferlab.orchestrator.experiment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.orchestrator.experiment.plan.Plan;
import org.transferlab.orchestrator.experiment.plan.TrialRecord;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.schedule.TrialScheduler;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/**
 * Rebuilds an experiment from what the store recorded, the store being the source of truth: the
 * trials in trial-number order into the book and a fresh (seeded) plan, the recorded results into
 * fresh schedulers in the order they arrived, then population-based training's exploits, and what
 * becomes of each unfinished trial. Exists so
 * that a restart (or a reload after a store failure) is a deterministic function of the recorded
 * data, tested as such; reading the store and acting on the outcome stay with the caller.
 */
final class Restorer {

    /** What becomes of a trial that was unfinished when the experiment was rebuilt. */
    enum Resumption {
        /** It stopped for a pause that still holds: it waits for the resume. */
        HOLD,
        /** Its attempt was running when the process died: the attempt counts as lost, then it is queued again. */
        COUNT_LOST,
        /** It is queued again, from its last checkpoint if it has one. */
        REQUEUE
    }

    private Restorer() {}

    /**
     * Restores each recorded trial, in the order given (trial-number order), into the book and the plan;
     * {@code goals} give each trial's objective vector, {@code scores} reads a transferability stage's
     * recorded scores by trial id.
     */
    static void trials(List<TrialView> recorded, TrialBook book, Plan plan, List<ObjectiveSpec.Goal> goals,
            Function<String, List<CandidateScore>> scores) {
        for (TrialView v : recorded) {
            book.restore(v);
            book.get(v.id()).ifPresent(t -> t.finalMetrics(v.lastMetrics()));
            plan.restore(new TrialRecord(v.stage(), v.params(), v.configuration(), v.status(), v.objective(), v.outputs(),
                    TrialRecord.objectives(goals, v.objective(), v.lastMetrics()),
                    v.stage() == TrialStage.TRANSFERABILITY ? scores.apply(v.id()) : List.of()));
        }
        plan.afterRestore();
    }

    /**
     * Feeds each scheduler the recorded results of its swept trials in the order they were
     * reported; a trial that ended is ended at its scheduler right after its last result (or at
     * once when it reported none), as it was when it ran.
     */
    static void replaySchedulers(TrialBook book, List<MetricPoint> history, Function<Trial, TrialScheduler> schedulerOf) {
        for (Trial t : book.all()) {
            if (t.stage().swept()) {
                schedulerOf.apply(t).admit(t.id, t.request.params());
            }
        }
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            lastIndex.put(history.get(i).trialId(), i);
        }
        for (Trial t : book.all()) {
            if (t.stage().swept() && !t.active() && !lastIndex.containsKey(t.id)) {
                schedulerOf.apply(t).onTrialEnd(t.id);
            }
        }
        for (int i = 0; i < history.size(); i++) {
            MetricPoint p = history.get(i);
            Trial t = book.get(p.trialId()).orElse(null);
            if (t == null || !t.stage().swept()) {
                continue;
            }
            schedulerOf.apply(t).onResult(t.id, p.step(), p.value());
            if (!t.active() && lastIndex.get(t.id) == i) {
                schedulerOf.apply(t).onTrialEnd(t.id);
            }
        }
    }

    /**
     * Carries out the recorded exploits of population-based training again, in the order they
     * happened, after {@link #replaySchedulers}: each trial's hyperparameters become its last
     * exploit's, and its scheduler learns of each exploit as it did when it ran. (The trial's resume
     * point, the donor's checkpoint, is in the store already.)
     */
    static void replayExploits(TrialBook book, List<Exploit> exploits, Function<Trial, TrialScheduler> schedulerOf) {
        for (Exploit e : exploits) {
            book.get(e.trialId()).ifPresent(t -> {
                t.exploited(e);
                schedulerOf.apply(t).onExploited(t.id, e.epoch(), new TrialDecision.Exploit(e.donorTrialId(), e.donorEpoch(),
                        e.checkpoint(), e.params(), orNaN(e.objective()), orNaN(e.donorObjective()), "restored"));
            });
        }
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    /**
     * What becomes of an unfinished trial. Only the first rebuild after a process restart counts
     * a running attempt as lost: a reload after a store failure lost nothing.
     */
    static Resumption resumption(Trial t, boolean paused, boolean processRestart) {
        if (paused && t.status() == TrialStatus.PAUSED) {
            return Resumption.HOLD;
        }
        if (processRestart && t.status() == TrialStatus.RUNNING) {
            return Resumption.COUNT_LOST;
        }
        return Resumption.REQUEUE;
    }
}
