package org.transferlab.experiments.train;

/** Names of the metrics trials report; the orchestrator's objectives refer to these. */
public final class Metrics {

    /** Mean minibatch loss over the epoch, as measured while training (before each update). */
    public static final String TRAIN_LOSS = "train_loss";
    /** Mean cross-entropy on the held-out validation set after the epoch. */
    public static final String VAL_LOSS = "val_loss";
    /** Fraction of the held-out validation set classified correctly after the epoch. */
    public static final String VAL_ACCURACY = "val_accuracy";

    /** Fraction of the test sample classified correctly by the trained network, once, at the end. */
    public static final String TEST_ACCURACY = "test_accuracy";
    /** Mean cross-entropy (an autoencoder: reconstruction error) on the test sample, once, at the end. */
    public static final String TEST_LOSS = "test_loss";

    /** The trained network's parameter count (every parameter, frozen ones too: what inference carries), once, at the end. */
    public static final String PARAMS = "params";
    /** Mean forward time per example, in milliseconds, over the validation set, once, at the end. */
    public static final String INFERENCE_MS = "inference_ms";

    private Metrics() {}
}
