package org.transferlab.protocol.work;

/**
 * What a unit of work does; a plan is a sequence of stages whose outputs are artifacts (role in
 * brackets) that later stages name as inputs.
 */
public enum StageKind {
    /** Train the body on the source task once (supervised or masked autoencoder); output {@code body}. */
    PRETRAIN,
    /** Fine-tune the body on the target task with one trial's parameters; inputs {@code body}, optional
     *  {@code guide} (then gradients are guided); output {@code model}, periodic {@code checkpoint}. */
    FINETUNE,
    /** The fine-tune sweep's baseline: the same network freshly initialised, every layer trained at the
     *  trial's learning rate on the same target data and budget; no input; output {@code model}. */
    SCRATCH_FINETUNE,
    /** Sleep-and-report trial with a known objective, for orchestration tests and benchmarks. */
    SYNTHETIC,
    /** GTL scout: train a copy of {@code body} on a small sub-problem (param {@code scout} = index); output {@code scout}. */
    SCOUT,
    /** GTL reduction: inputs {@code body} and {@code scout-0..n-1}; output {@code guide} (the guide matrix). */
    GUIDE,
    /** Score the candidate cut points of {@code body} on the target's training data (LogME) before the
     *  sweep; no output artifact, the scores come back in the result. */
    TRANSFERABILITY,
    /** Distillation teacher: train the teacher network on the target task; output {@code teacher}. */
    TEACHER,
    /** Distillation student: input {@code teacher} (absent for the from-scratch baseline); output {@code model}. */
    STUDENT
}
