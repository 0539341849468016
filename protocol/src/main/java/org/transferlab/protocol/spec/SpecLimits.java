package org.transferlab.protocol.spec;

/**
 * Bounds on what one spec may cost, checked at submission before anything is built, so that no
 * spec can exhaust the orchestrator (a grid too large to plan) or a worker (a model too large for
 * a slot, epochs without end). The orchestrator reads them from
 * {@code transferlab.orchestrator.spec-limits} (its reference.conf documents each and its
 * default); this record holds no defaults of its own. {@link #UNBOUNDED} is for text that was
 * already accepted once (a spec read back from the store) and for tests.
 *
 * @param maxTrials trials one sweep may plan, {@code search.trials × search.repeats}
 * @param maxGridPoints points of a grid search space (the product of every dimension's count)
 * @param maxEpochs epochs of any one training stage (fixed or from the search space)
 * @param maxBatchSize batch size of any training stage (fixed or from the search space)
 * @param maxLayers body layers (convolution blocks plus dense layers) of any network
 * @param maxLayerWidth units of one dense layer
 * @param maxChannels filters of one convolution block
 * @param maxParameters trainable parameters of any one network a plan trains
 * @param maxTrialMemoryBytes estimated working memory of one trial (see {@link ModelCost})
 * @param maxScouts GTL scouts
 * @param maxSleepMs the synthetic trial's sleep per epoch
 */
public record SpecLimits(
        int maxTrials,
        long maxGridPoints,
        int maxEpochs,
        int maxBatchSize,
        int maxLayers,
        int maxLayerWidth,
        int maxChannels,
        long maxParameters,
        long maxTrialMemoryBytes,
        int maxScouts,
        long maxSleepMs) {

    /** No cost bound at all: only the rules that make a spec meaningful are checked. */
    public static final SpecLimits UNBOUNDED = new SpecLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
            Integer.MAX_VALUE, Long.MAX_VALUE);

    public SpecLimits {
        if (maxTrials < 1 || maxGridPoints < 1 || maxEpochs < 1 || maxBatchSize < 1 || maxLayers < 1 || maxLayerWidth < 1
                || maxChannels < 1 || maxParameters < 1 || maxTrialMemoryBytes < 1 || maxScouts < 1 || maxSleepMs < 0) {
            throw new IllegalArgumentException("every spec limit must be positive (maxSleepMs at least 0)");
        }
    }
}
