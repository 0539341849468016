package org.transferlab.protocol.spec;

/**
 * Guided transfer learning (Nikolić et al. 2023; docs/GTL.md maps every field to the paper or says
 * it is ours). {@code scouts} small models start from the pretrained body and each trains
 * {@code scoutEpochs} on {@code classesPerScout} classes ({@code examplesPerClass} each) of the
 * {@code scoutData} task: {@code source} (default, as published: sub-problems of the source task,
 * from {@code data.sourceDataset}) or {@code target} (the fine-tune's own k-shot sample). Scouts
 * train with {@code scoutOptimizer} at {@code scoutLearningRate} with {@code scoutMomentum}; both
 * default to the fine-tune's {@code train.optimizer} and {@code train.momentum}.
 *
 * <p>Guide value of a parameter: mean over scouts of (θs − θ0)² ({@code distance: squared}) or
 * |θs − θ0| ({@code absolute}), min–max normalised per tensor ({@code normalise: tensor}) or over
 * all ({@code global}) to n; reshaped by {@code transform} ({@code none}: n, {@code power}:
 * n^{@code power}, {@code rank}: the value's rank in its normalisation group, scaled to [0, 1]) to
 * t; lifted by {@code offset} to max(0, offset + (1 − offset)·t); multiplied by {@code scale}; and
 * zeroed below {@code sparsify}.
 *
 * <p>{@code mode: gradient} multiplies each gradient by its guide value before the optimizer (the
 * paper's setting, for SGD); {@code mode: update} multiplies the optimizer's step (ours, for Adam,
 * which normalises gradient scale away). Default: {@code gradient} when the fine-tune's
 * {@code train.optimizer} is {@code sgd}, {@code update} for {@code adam}.
 */
public record GtlSpec(
        Integer scouts,
        Integer classesPerScout,
        Integer examplesPerClass,
        Integer scoutEpochs,
        Double scoutLearningRate,
        String scoutData,
        String distance,
        String normalise,
        Double scale,
        Double sparsify,
        String mode,
        Boolean baseline,
        String scoutOptimizer,
        Double scoutMomentum,
        String transform,
        Double power,
        Double offset) {

    /** Which task the scouts train on: what {@code scoutData} may be. */
    public enum ScoutData implements SpecWord { SOURCE, TARGET }

    /** What the guide multiplies: what {@code mode} may be. */
    public enum Mode implements SpecWord { GRADIENT, UPDATE }

    /** @param train the defaulted train section: scouts share its optimizer unless told otherwise */
    GtlSpec withDefaults(TrainSpec train) {
        return new GtlSpec(
                scouts == null ? 6 : scouts,
                classesPerScout == null ? 2 : classesPerScout,
                examplesPerClass == null ? 10 : examplesPerClass,
                scoutEpochs == null ? 5 : scoutEpochs,
                scoutLearningRate == null ? 1e-2 : scoutLearningRate,
                scoutData == null ? ScoutData.SOURCE.word() : scoutData,
                distance == null ? "squared" : distance,
                normalise == null ? "tensor" : normalise,
                scale == null ? 1.0 : scale,
                sparsify == null ? 0.0 : sparsify,
                mode == null ? (TrainSpec.OptimizerName.SGD.is(train.optimizer()) ? Mode.GRADIENT : Mode.UPDATE).word() : mode,
                baseline == null ? Boolean.TRUE : baseline,
                scoutOptimizer == null ? train.optimizer() : scoutOptimizer,
                // a scout optimizer of its own does not inherit the fine-tune's momentum
                scoutMomentum == null ? (scoutOptimizer == null ? train.momentum() : 0.0) : scoutMomentum,
                transform == null ? "none" : transform,
                power == null ? 1.0 : power,
                offset == null ? 0.0 : offset);
    }
}
