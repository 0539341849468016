package org.transferlab.orchestrator.experiment;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * What an experiment knows of its trials between two store writes: each trial's status, its
 * attempts and the one it has out (queued at the supervisor or on a slot), the epochs it reported,
 * why it was asked to stop, and which trials wait for a resume. It exists so that the trial state
 * machine (queued → running → paused or ended, attempt by attempt) can be read and tested apart
 * from the actor that drives it. It writes nothing: its caller records each change in the store.
 */
final class TrialBook {

    /** Why a trial was asked to stop before its budget; decides its status when it ends. */
    enum StopReason {
        NONE, SCHEDULER, REQUEST, PAUSE, LIMIT,
        /** Population-based training: the attempt ends and the trial goes on from a donor's checkpoint. */
        EXPLOIT
    }

    /** One trial of the experiment. Identity is fixed; the rest changes only through its methods. */
    static final class Trial {
        final String id;
        final int number;
        /** What the plan asked this trial to run: stage, parameters, inputs, configuration. */
        final TrialRequest request;
        private TrialStatus status = TrialStatus.QUEUED;
        /** The attempt in the supervisor's queue or on a slot, or null when nothing is out. */
        private String workId;
        private int attempts;
        private Double lastObjective;
        /** The metrics its result ended with (final metrics merged over the last epoch's); empty until then. */
        private Map<String, Double> finalMetrics = Map.of();
        private BitSet steps = new BitSet();
        private StopReason stop = StopReason.NONE;
        private String stopMessage;
        /** A checkpoint reported before all the epochs it covers were: it waits for them. */
        private PendingCheckpoint earlyCheckpoint;
        /** The hyperparameters its next attempt trains with: the request's, or its last exploit's. */
        private Map<String, Object> params;
        /** Its last population-based training exploit, or null: whose weights it goes on from. */
        private Exploit lastExploit;

        Trial(String id, int number, TrialRequest request) {
            this.id = id;
            this.number = number;
            this.request = request;
            this.params = request.params();
        }

        Map<String, Object> params() {
            return params;
        }

        /**
         * Population-based training replaced its hyperparameters (and its weights, through its resume
         * checkpoint): a checkpoint its running attempt still reports is of the weights it left.
         */
        void exploited(Exploit exploit) {
            this.params = Map.copyOf(exploit.params());
            this.lastExploit = exploit;
            this.earlyCheckpoint = null;
        }

        Optional<Exploit> lastExploit() {
            return Optional.ofNullable(lastExploit);
        }

        TrialStage stage() {
            return request.stage();
        }

        boolean active() {
            return !status.terminal();
        }

        TrialStatus status() {
            return status;
        }

        void status(TrialStatus status) {
            this.status = status;
        }

        /** Whether an attempt of this trial is out (queued at the supervisor or on a slot). */
        boolean out() {
            return workId != null;
        }

        String workId() {
            return workId;
        }

        int attempts() {
            return attempts;
        }

        Double lastObjective() {
            return lastObjective;
        }

        void lastObjective(Double objective) {
            this.lastObjective = objective;
        }

        Map<String, Double> finalMetrics() {
            return finalMetrics;
        }

        void finalMetrics(Map<String, Double> metrics) {
            this.finalMetrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        }

        StopReason stop() {
            return stop;
        }

        String stopMessage() {
            return stopMessage;
        }

        /** Asks the trial to stop for this reason, whatever it was asked before. */
        void stop(StopReason reason, String message) {
            this.stop = reason;
            this.stopMessage = message;
        }

        /** Asks the trial to stop; a pause never overrides a stop asked for another reason. */
        void recall(StopReason reason, String message) {
            if (stop == StopReason.NONE || reason != StopReason.PAUSE) {
                stop(reason, message);
            }
        }

        /** Whatever stop was asked for is handled: the trial runs on normally when dispatched again. */
        void clearStop() {
            stop = StopReason.NONE;
        }

        /** The pause (or exploit) this trial stopped for is handled: it runs on normally when dispatched again. */
        void clearPause() {
            if (stop == StopReason.PAUSE || stop == StopReason.EXPLOIT) {
                stop = StopReason.NONE;
            }
        }

        /** Its running attempt ends for an exploit: the trial itself goes on. */
        boolean exploiting() {
            return stop == StopReason.EXPLOIT;
        }

        /** Records a reported epoch; false when it was reported before (a resumed attempt repeats it). */
        boolean recordStep(int epoch) {
            if (steps.get(epoch)) {
                return false;
            }
            steps.set(epoch);
            return true;
        }

        void recordedSteps(BitSet steps) {
            this.steps = steps;
        }

        /** The last epoch reported without a gap, 0 before any. */
        int lastEpoch() {
            return Math.max(0, steps.length() - 1);
        }

        void checkpointReported(int epoch, String artifactId) {
            earlyCheckpoint = new PendingCheckpoint(epoch, artifactId);
        }

        /**
         * The waiting checkpoint once every epoch it covers (1 to its epoch) is reported; it is then
         * no longer waiting. Empty while an epoch it covers is missing.
         */
        Optional<String> coveredCheckpoint() {
            PendingCheckpoint c = earlyCheckpoint;
            if (c == null || steps.nextClearBit(1) <= c.epoch()) {
                return Optional.empty();
            }
            earlyCheckpoint = null;
            return Optional.of(c.artifactId());
        }
    }

    private record PendingCheckpoint(int epoch, String artifactId) {}

    private final String experimentId;
    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final Map<String, Trial> byWork = new HashMap<>();
    /** Trials waiting for a resume: withdrawn from the queue, or paused after their epoch. */
    private final List<Trial> held = new ArrayList<>();
    private int nextNumber;

    TrialBook(String experimentId) {
        this.experimentId = experimentId;
    }

    /** A new trial for this request, numbered after every trial so far. */
    Trial add(TrialRequest r) {
        int number = nextNumber++;
        Trial t = new Trial(experimentId + "-t" + number, number, r);
        trials.put(t.id, t);
        return t;
    }

    /** A trial as the store recorded it; new trials are numbered after it. */
    Trial restore(TrialView v) {
        Trial t = new Trial(v.id(), v.number(), new TrialRequest(v.stage(), v.params(), v.inputs(), v.configuration()));
        t.status = v.status();
        t.lastObjective = v.objective();
        t.attempts = v.attempts();
        trials.put(t.id, t);
        nextNumber = Math.max(nextNumber, v.number() + 1);
        return t;
    }

    Optional<Trial> get(String trialId) {
        return Optional.ofNullable(trials.get(trialId));
    }

    /** The active trial whose attempt this is, while the attempt is out. */
    Optional<Trial> working(String workId) {
        return Optional.ofNullable(byWork.get(workId)).filter(Trial::active);
    }

    /**
     * The attempt came back (finished, failed, lost or withdrawn): the trial has nothing out any
     * more. Empty when the attempt is unknown or its trial already ended.
     */
    Optional<Trial> settle(String workId) {
        Trial t = byWork.remove(workId);
        if (t == null || !t.active()) {
            return Optional.empty();
        }
        t.workId = null;
        return Optional.of(t);
    }

    /** Starts a new attempt of the trial and returns its work id. */
    String handOut(Trial t) {
        t.attempts++;
        t.workId = t.id + "-a" + t.attempts + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        byWork.put(t.workId, t);
        return t.workId;
    }

    /** The trial waits for the experiment to resume. */
    void hold(Trial t) {
        held.add(t);
    }

    /** The trials that waited for a resume, in the order they began to wait; none wait any more. */
    List<Trial> releaseHeld() {
        List<Trial> waiting = List.copyOf(held);
        held.clear();
        return waiting;
    }

    /** The trial ended for good with this status and objective. */
    void ended(Trial t, TrialStatus status, Double objective) {
        t.status = status;
        t.lastObjective = objective;
        held.remove(t);
    }

    /** Every trial in number order. */
    List<Trial> all() {
        return List.copyOf(trials.values());
    }

    /** Active trials with an attempt out, in number order. */
    List<Trial> out() {
        return trials.values().stream().filter(t -> t.active() && t.out()).toList();
    }

    boolean anyActive() {
        return trials.values().stream().anyMatch(Trial::active);
    }

    /** Sweep and baseline trials (the ones the concurrency limit and the result count). */
    List<Trial> swept() {
        return trials.values().stream().filter(t -> t.stage().swept()).toList();
    }

    long activeSwept() {
        return trials.values().stream().filter(t -> t.stage().swept() && t.active()).count();
    }

    /** Every trial of this stage has ended. */
    boolean stageComplete(TrialStage stage) {
        return trials.values().stream().filter(t -> t.stage() == stage).noneMatch(Trial::active);
    }
}
