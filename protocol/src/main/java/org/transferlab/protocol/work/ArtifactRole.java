package org.transferlab.protocol.work;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles artifacts play between stages: a work item's inputs and a result's outputs are maps
 * from a role's {@link #key()} to an artifact id. Scouts are numbered, so their key carries the
 * scout's index ({@code scout-3}) where the guide stage names them as inputs. Keys are built and
 * read only through this type; the maps stay string-keyed because they are JSON objects on the wire.
 */
public enum ArtifactRole {
    /** The pretrained (or loaded) body a fine-tune or scout starts from. */
    BODY("body"),
    /** A finished trial's trained network. */
    MODEL("model"),
    /** A periodic checkpoint a retried or requeued trial resumes from. */
    CHECKPOINT("checkpoint"),
    /** A scout's trained copy of the body; as a guide-stage input, {@code scout-<i>}. */
    SCOUT("scout"),
    /** The guide matrix that guided fine-tunes read. */
    GUIDE("guide"),
    /** Per-tensor statistics of the guide, for the GTL view. */
    GUIDE_SUMMARY("guide-summary"),
    /** The distillation teacher. */
    TEACHER("teacher"),
    /** A dataset from the lab's files, packed by the orchestrator at submission ({@code data.sources}). */
    DATASET("dataset"),
    /** Pretrained weights from outside ({@code model.weights.path}), stored by the orchestrator at submission. */
    WEIGHTS("pretrained");

    private final String key;

    ArtifactRole(String key) {
        this.key = key;
    }

    /** The map key of this role in inputs and outputs. */
    public String key() {
        return key;
    }

    /** The input key under which the guide stage receives scout {@code index}. */
    public static String scoutInput(int index) {
        return SCOUT.key + "-" + index;
    }

    /**
     * The input key under which a student receives teacher {@code index} of a spec that lists
     * teachers: {@code teacher} for the first (as a single teacher always was), {@code teacher-<i>}
     * for the others.
     */
    public static String teacherInput(int index) {
        return index == 0 ? TEACHER.key : TEACHER.key + "-" + index;
    }

    /** The role a key names, if any ({@code scout-3} names {@link #SCOUT}, {@code teacher-1} {@link #TEACHER}). */
    public static Optional<ArtifactRole> ofKey(String key) {
        String base = key.matches(SCOUT.key + "-\\d+") ? SCOUT.key : key.matches(TEACHER.key + "-\\d+") ? TEACHER.key : key;
        return Arrays.stream(values()).filter(r -> r.key.equals(base)).findFirst();
    }

    @Override
    public String toString() {
        return key;
    }
}
