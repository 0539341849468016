package org.transferlab.orchestrator.experiment.plan;

import java.util.Arrays;
import org.transferlab.protocol.work.StageKind;

/**
 * The stages trials are recorded under ({@code TrialView.stage}; the dashboard and CLI rely on the
 * names) and the kind of work each one hands a worker. Single stages run once and produce an
 * artifact a later stage names; sweep stages are the searcher's trials; baseline stages mirror a
 * sweep without the transferred knowledge.
 */
public enum Stage {
    PRETRAIN("pretrain", StageKind.PRETRAIN, Track.SINGLE),
    SCOUT("scout", StageKind.SCOUT, Track.SINGLE),
    GUIDE("guide", StageKind.GUIDE, Track.SINGLE),
    TEACHER("teacher", StageKind.TEACHER, Track.SINGLE),
    FINETUNE("finetune", StageKind.FINETUNE, Track.SWEEP),
    GUIDED("guided", StageKind.FINETUNE, Track.SWEEP),
    STUDENT("student", StageKind.STUDENT, Track.SWEEP),
    SYNTHETIC("synthetic", StageKind.SYNTHETIC, Track.SWEEP),
    BASELINE("baseline", StageKind.FINETUNE, Track.BASELINE),
    SCRATCH("scratch", StageKind.STUDENT, Track.BASELINE);

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

    Stage(String wire, StageKind kind, Track track) {
        this.wire = wire;
        this.kind = kind;
        this.track = track;
    }

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

    public static Stage of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + wire + "'"));
    }
}
