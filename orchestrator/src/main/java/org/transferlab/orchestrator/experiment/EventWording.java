package org.transferlab.orchestrator.experiment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TransferabilitySpec;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * The words of an experiment's events and stored messages. Exists because people and programs
 * read them: the dashboard and {@code tlab --follow} show them, tests and scripts match them. Kept
 * in one place so a change of wording is a visible, deliberate change, not a side effect of
 * moving control flow; each method returns exactly the text one event carries.
 */
final class EventWording {

    private EventWording() {}

    /** How a trial is named in events: its stage's role, or its kind and number for sweeps. */
    static String describe(Trial t) {
        return switch (t.stage()) {
            case PRETRAIN -> "pretrain stage";
            case SCOUT -> "scout " + t.request.params().get(TrialConfig.SCOUT);
            case GUIDE -> "guide stage";
            case TEACHER -> "teacher";
            case TRANSFERABILITY -> "transferability stage";
            default -> t.stage().wire() + " trial " + t.number;
        };
    }

    static String format(Double v) {
        return v == null ? "n/a" : String.format("%.4f", v);
    }

    // ---- experiment ---------------------------------------------------------------------------

    static String started(ExperimentSpec spec, int planned) {
        return spec.kind().wire() + " experiment '" + spec.name() + "' with " + planned + " trials";
    }

    static String restored(boolean processRestart, int recorded, boolean paused) {
        return (processRestart ? "restored after an orchestrator restart" : "reloaded from the store after a store failure")
                + " with " + recorded + " recorded trials" + (paused ? "; still paused" : "");
    }

    static String paused(long inFlight) {
        return "paused by request: queued trials wait, " + inFlight
                + " trial(s) in flight stop after their current epoch and resume from their checkpoint";
    }

    static String resumed(int queuedAgain) {
        return "resumed by request; " + queuedAgain + " trial(s) queued again";
    }

    /** Why trials stop once the budget is spent; also each trial's stop message. */
    static String budgetSpent(long seconds) {
        return "wall-clock budget of " + seconds + " s spent";
    }

    static String limitReached(long seconds) {
        return budgetSpent(seconds) + ": no new trials; running trials stop after their current epoch";
    }

    static String budgetSpentBeforeAnyTrial(long seconds) {
        return "the wall-clock budget of " + seconds + " s was spent before any trial finished";
    }

    static String noTrialProposed() {
        return "the plan proposed no trials";
    }

    static String allTrialsFailed(int trials, String firstError) {
        return "all " + trials + " trials failed; first error: " + firstError;
    }

    static String completed(String summary, int failedTrials, boolean budgetReached, long seconds) {
        return summary + (failedTrials == 0 ? "" : "; " + failedTrials + " trial(s) failed")
                + (budgetReached ? "; wall-clock budget of " + seconds + " s reached" : "");
    }

    static String stageCompleted(TrialStage stage, int scouts, Map<String, String> outputs) {
        return stage.wire() + (stage == TrialStage.SCOUT ? " (" + scouts + " scouts)" : ", published " + outputs);
    }

    /**
     * The transferability stage's ranking, best first, each candidate with its score and whether the
     * sweep dropped it, then the depths the sweep tries.
     */
    static String scored(ExperimentSpec spec, List<CandidateScore> scores) {
        TransferabilitySpec t = spec.withDefaults().transferability();
        List<TransferabilityView.Candidate> ranked = TransferabilityView.rank(scores, t.prune());
        StringBuilder text = new StringBuilder("transferability (" + t.method() + " on "
                + (ranked.isEmpty() ? 0 : ranked.get(0).examples()) + " training examples):");
        for (TransferabilityView.Candidate c : ranked) {
            text.append(c.rank() == 1 ? " " : ", ").append("frozenLayers ").append(c.frozenLayers()).append(' ')
                    .append(String.format("%.4f", c.score())).append(c.pruned() ? " (pruned)" : "");
        }
        return text.append("; the sweep tries frozenLayers ")
                .append(new TransferabilityView(t.method(), null, null, ranked).kept()).toString();
    }

    // ---- trials -------------------------------------------------------------------------------

    static String queued(Trial t) {
        return describe(t) + " queued"
                + (t.request.params().isEmpty() ? "" : " with " + t.request.params())
                + (t.request.inputs().isEmpty() ? "" : ", inputs " + t.request.inputs().keySet());
    }

    static String started(Trial t, String slot) {
        return "attempt " + t.attempts() + " on " + slot;
    }

    static String requeuedOnRestore(boolean processRestart, Trial t, String resume) {
        String why = processRestart ? "the orchestrator restarted" : "the experiment was reloaded from the store after a store failure";
        return why + " while trial " + t.number + " was unfinished; "
                + (resume == null ? "starting it from scratch" : "resuming from checkpoint " + resume);
    }

    static String requeuedAfterLoss(String reason, String resume) {
        return reason + (resume == null ? "; restarting from scratch" : "; resuming from checkpoint " + resume);
    }

    static String schedulerStop(int epoch, String reason) {
        return "stop after epoch " + epoch + ": " + reason;
    }

    static String exploited(int epoch, String reason) {
        return "exploit after epoch " + epoch + ": " + reason;
    }

    /** An exploited trial's next attempt: whose weights, from which epoch, with which hyperparameters. */
    static String exploitContinues(Trial t, String donor, int donorEpoch, String checkpoint) {
        return describe(t) + " goes on from trial " + donor + "'s checkpoint " + checkpoint + " (epoch " + donorEpoch
                + ") with " + t.params();
    }

    static String stopRequested(Trial t) {
        return "stop requested for " + describe(t);
    }

    /** The end of a trial that ran: its objective (sweeps) or what it published (single stages). */
    static String ended(Trial t, String metric, Double objective, Set<String> published, String message) {
        return describe(t) + " "
                + (t.stage().swept() ? metric + "=" + format(objective) : "published " + published)
                + (message == null ? "" : " (" + message + ")");
    }

    /** The end of a trial that was stopped before a slot started its attempt. */
    static String endedUnstarted(Trial t, String message) {
        return describe(t) + ": " + message;
    }

    static String failed(Trial t, String message) {
        return describe(t) + " failed: " + message;
    }

    static String retried(Trial t, String error, int failures, int maxRetries, String resume) {
        return "attempt " + t.attempts() + " failed: " + error + "; retry " + failures + " of "
                + maxRetries + (resume == null ? " from the start" : " from checkpoint " + resume);
    }

    /** Where a paused trial will go on from: " with checkpoint c", or that it starts over. */
    static String pausedFrom(String checkpoint) {
        return checkpoint == null ? " without a checkpoint (it will start over)" : " with checkpoint " + checkpoint;
    }

    static String trialPaused(Trial t, String checkpoint) {
        return describe(t) + " paused after epoch " + t.lastEpoch() + pausedFrom(checkpoint);
    }

    static String pauseOver(Trial t, String checkpoint) {
        return describe(t) + " stopped for a pause that is over; queued again" + pausedFrom(checkpoint);
    }

    static String trialResumes(Trial t, String checkpoint) {
        return describe(t) + " resumes" + (checkpoint == null ? " from the start" : " from checkpoint " + checkpoint);
    }

    // ---- control replies and stored messages ---------------------------------------------------

    static final String STOPPED_BY_REQUEST = "stopped by request";
    static final String PAUSING = "experiment paused";
    static final String CANCELLED_BY_REQUEST = "cancelled by request";
    static final String TRIAL_OF_CANCELLED = "experiment cancelled";
    static final String TRIAL_OF_FAILED = "experiment failed";

    static String alreadyPaused(String id) {
        return "experiment " + id + " is already paused";
    }

    static String notPaused(String id) {
        return "experiment " + id + " is not paused";
    }

    static String notPartOf(String trialId, String id) {
        return "trial " + trialId + " is not part of experiment " + id;
    }

    static String alreadyEnded(Trial t) {
        return "trial " + t.id + " already ended (" + t.status() + ")";
    }

    static String lostRestart() {
        return "the lab process restarted while it ran";
    }
}
