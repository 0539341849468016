package org.transferlab.protocol.spec;

/**
 * FitNet hints ({@code distill.fitnet}, read with {@code distill.method: fitnet}), after Romero et al.,
 * "FitNets: Hints for Thin Deep Nets" (ICLR 2015). Stage 1 trains the student's layers up to and
 * including {@code guidedLayer}, followed by a learned regressor, to output the teacher's
 * {@code hintLayer} activations (mean squared error), for {@code epochs} epochs with Adam at
 * {@code learningRate}; stage 2 trains the whole student on the soft-target loss as usual.
 * Layers are named as in {@code model.layers} and {@code distill.teacherModel.layers} (a preset's
 * layers by their vertex names, {@code body-0}, {@code body-0-pool}, …).
 */
public record FitNetSpec(String hintLayer, String guidedLayer, Integer epochs, Double learningRate) {

    FitNetSpec withDefaults() {
        return new FitNetSpec(hintLayer, guidedLayer, epochs == null ? 5 : epochs, learningRate == null ? 1e-3 : learningRate);
    }
}
