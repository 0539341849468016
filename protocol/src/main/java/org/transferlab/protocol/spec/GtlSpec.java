package org.transferlab.protocol.spec;

/**
 * Guided transfer learning. {@code scouts} small models start from the pretrained body and each
 * trains {@code scoutEpochs} on {@code classesPerScout} classes ({@code examplesPerClass} each) of
 * the {@code scoutData} task ({@code source} or {@code target}). Guide value of a parameter = mean
 * over scouts of (θs − θ0)² ({@code distance: squared}) or |θs − θ0| ({@code absolute}), min–max
 * normalised per tensor ({@code normalise: tensor}) or over all ({@code global}), then multiplied by
 * {@code scale} and zeroed below {@code sparsify}. {@code mode: gradient} multiplies each gradient by
 * its guide value before the updater (right for SGD/momentum); {@code mode: update} multiplies the
 * updater's output (right for Adam, which normalises gradient scale away).
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
        Boolean baseline) {

    GtlSpec withDefaults() {
        return new GtlSpec(
                scouts == null ? 6 : scouts,
                classesPerScout == null ? 2 : classesPerScout,
                examplesPerClass == null ? 10 : examplesPerClass,
                scoutEpochs == null ? 5 : scoutEpochs,
                scoutLearningRate == null ? 1e-2 : scoutLearningRate,
                scoutData == null ? "target" : scoutData,
                distance == null ? "squared" : distance,
                normalise == null ? "tensor" : normalise,
                scale == null ? 1.0 : scale,
                sparsify == null ? 0.0 : sparsify,
                mode == null ? "update" : mode,
                baseline == null ? Boolean.TRUE : baseline);
    }
}
