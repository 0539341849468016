package org.transferlab.protocol.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The stages trials are recorded under ({@code TrialView.stage}; on the wire and in the store by
 * {@link #wire()}) and the kind of work each one hands a worker. Single stages run once and produce an
 * artifact a later stage names; sweep stages are the searcher's trials; baseline stages mirror a
 * sweep without the transferred knowledge.
 */
public enum TrialStage {
    PRETRAIN("pretrain", StageKind.PRETRAIN, Track.SINGLE),
    SCOUT("scout", StageKind.SCOUT, Track.SINGLE),
    GUIDE("guide", StageKind.GUIDE, Track.SINGLE),
    TEACHER("teacher", StageKind.TEACHER, Track.SINGLE),
    TRANSFERABILITY("transferability", StageKind.TRANSFERABILITY, Track.SINGLE),
    FINETUNE("finetune", StageKind.FINETUNE, Track.SWEEP),
    GUIDED("guided", StageKind.FINETUNE, Track.SWEEP),
    STUDENT("student", StageKind.STUDENT, Track.SWEEP),
    SYNTHETIC("synthetic", StageKind.SYNTHETIC, Track.SWEEP),
    BASELINE("baseline", StageKind.FINETUNE, Track.BASELINE),
    SCRATCH("scratch", StageKind.STUDENT, Track.BASELINE),
    FROM_SCRATCH("from-scratch", StageKind.SCRATCH_FINETUNE, Track.BASELINE),
    SYNTHETIC_BASELINE("synthetic-baseline", StageKind.SYNTHETIC, Track.BASELINE);

    /** How a stage's trials are limited and scored. */
    public enum Track {
        /** Runs once; not limited by {@code maxConcurrent}; its failure fails the experiment. */
        SINGLE,
        /** The searcher's trials: limited by {@code maxConcurrent}, scheduled, scored as the experiment's best. */
        SWEEP,
        /** Automatic baselines: limited and scheduled like the sweep (same budget), compared but not scored. */
        BASELINE
    }

    private final String wire;
    private final StageKind kind;
    private final Track track;

    TrialStage(String wire, StageKind kind, Track track) {
        this.wire = wire;
        this.kind = kind;
        this.track = track;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public StageKind kind() {
        return kind;
    }

    public Track track() {
        return track;
    }

    /** Sweep and baseline trials: counted in progress, limited by {@code maxConcurrent}, seen by a scheduler. */
    public boolean swept() {
        return track != Track.SINGLE;
    }

    /** Preparatory single stages solve another task than the sweep's (pretrain, scouts, guide, teacher) or score it (transferability). */
    public boolean preparatory() {
        return track == Track.SINGLE;
    }

    /**
     * Automatic baselines: the plain fine-tune twin of a guided trial, the student from scratch, the
     * fine-tune sweep's network from scratch, and a synthetic sweep's trial at the default parameters.
     */
    public boolean baseline() {
        return track == Track.BASELINE;
    }

    /** The method's own sweep (finetune, guided, student, synthetic). */
    public boolean method() {
        return track == Track.SWEEP;
    }

    @Override
    public String toString() {
        return wire;
    }

    @JsonCreator
    public static TrialStage of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + wire + "'"));
    }
}
