package org.transferlab.protocol.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;

/**
 * A state change, recorded and streamed over server-sent events (the SSE event line is the kind's
 * wire name, the JSON field is {@code type}). {@code epoch} and {@code metrics} are set on
 * {@link Kind#TRIAL_METRICS}.
 */
public record LabEvent(
        long seq,
        String experimentId,
        String trialId,
        @JsonProperty("type") Kind kind,
        long time,
        String message,
        Integer epoch,
        Map<String, Double> metrics) {

    /** What happened; {@link #wire()} is the name clients and the store see. */
    public enum Kind {
        EXPERIMENT_STARTED("experiment.started"),
        EXPERIMENT_COMPLETED("experiment.completed"),
        EXPERIMENT_FAILED("experiment.failed"),
        EXPERIMENT_CANCELLED("experiment.cancelled"),
        EXPERIMENT_PAUSED("experiment.paused"),
        EXPERIMENT_RESUMED("experiment.resumed"),
        /** The orchestrator rebuilt the experiment from the store after a restart. */
        EXPERIMENT_RESTORED("experiment.restored"),
        /** A limit such as the wall-clock budget was hit. */
        EXPERIMENT_LIMIT("experiment.limit"),
        STAGE_COMPLETED("stage.completed"),
        TRIAL_QUEUED("trial.queued"),
        TRIAL_STARTED("trial.started"),
        TRIAL_METRICS("trial.metrics"),
        /** A stop decision or request, with its reason. */
        TRIAL_DECISION("trial.decision"),
        TRIAL_COMPLETED("trial.completed"),
        TRIAL_STOPPED("trial.stopped"),
        TRIAL_FAILED("trial.failed"),
        TRIAL_RETRIED("trial.retried"),
        TRIAL_REQUEUED("trial.requeued"),
        TRIAL_PAUSED("trial.paused"),
        TRIAL_RESUMED("trial.resumed"),
        /**
         * Population-based training: the trial continues from another's checkpoint with perturbed
         * hyperparameters; {@code epoch} is the epoch it was exploited at, {@code metrics} its new
         * values of the mutated parameters ({@link Exploit} has the whole record).
         */
        TRIAL_EXPLOITED("trial.exploited"),
        TRIAL_CANCELLED("trial.cancelled");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        /** Experiment-level events ({@code experiment.*}). */
        public boolean experimentLevel() {
            return wire.startsWith("experiment.");
        }

        /** The name without its {@code trial.} or {@code experiment.} prefix, e.g. {@code decision}. */
        public String shortName() {
            return wire.substring(wire.indexOf('.') + 1);
        }

        /** Whether the experiment ends with this event. */
        public boolean terminal() {
            return this == EXPERIMENT_COMPLETED || this == EXPERIMENT_FAILED || this == EXPERIMENT_CANCELLED;
        }

        @JsonCreator
        public static Kind of(String wire) {
            return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + wire + "'"));
        }

        @Override
        public String toString() {
            return wire;
        }
    }

    public boolean endsExperiment() {
        return kind.terminal();
    }
}
