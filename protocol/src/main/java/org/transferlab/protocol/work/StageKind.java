package org.transferlab.protocol.work;

/** What a unit of work does; a plan is a sequence of stages whose outputs are artifacts. */
public enum StageKind {
    /** Train the body on the source task once; output artifact {@code body}. */
    PRETRAIN,
    /** Fine-tune the pretrained body on the target task with one trial's parameters. */
    FINETUNE,
    /** Sleep-and-report trial with a known objective, for orchestration tests and benchmarks. */
    SYNTHETIC
}
