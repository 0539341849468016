package org.transferlab.protocol.spec;

/**
 * Early stopping. {@code type}: {@code fifo} (never stops), {@code asha} (asynchronous successive
 * halving: rungs at gracePeriod · reductionFactor^k epochs up to maxResource, a trial continues past
 * a rung only if it is in the top 1/reductionFactor there; {@code brackets} > 1 staggers the first
 * rung), or {@code median} (stop a trial whose best result so far is below the median of other
 * trials' running averages at the same epoch, after gracePeriod epochs and minTrials trials).
 */
public record SchedulerSpec(
        String type, Integer gracePeriod, Integer reductionFactor, Integer maxResource, Integer brackets, Integer minTrials) {

    SchedulerSpec withDefaults(int epochs) {
        return new SchedulerSpec(
                type == null ? "fifo" : type,
                gracePeriod == null ? 1 : gracePeriod,
                reductionFactor == null ? 3 : reductionFactor,
                maxResource == null ? epochs : maxResource,
                brackets == null ? 1 : brackets,
                minTrials == null ? 3 : minTrials);
    }
}
