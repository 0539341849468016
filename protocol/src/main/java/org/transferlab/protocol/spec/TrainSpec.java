package org.transferlab.protocol.spec;

/**
 * Training defaults for every trial. A search parameter with the same name (for example {@code
 * learningRate} or {@code frozenLayers}) overrides the value here per trial. {@code
 * bodyLearningRate} (default: same as {@code learningRate}) applies to unfrozen body layers, the
 * head uses {@code learningRate}. {@code checkpointEvery} publishes a resumable checkpoint every
 * n epochs (0 = only at the end).
 *
 * <p>{@code optimizer} is the fine-tunes' (and, unless {@code gtl.scoutOptimizer} says otherwise,
 * the GTL scouts') optimizer: {@value #ADAM} (default) or {@value #SGD}. {@code momentum} (default
 * 0) is SGD's momentum coefficient; above 0 the step is Nesterov momentum (DL4J's
 * {@code Nesterovs}, the only momentum SGD DL4J has). Pretraining, teachers and students always
 * train with Adam.
 */
public record TrainSpec(
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Double bodyLearningRate,
        Integer frozenLayers,
        Integer checkpointEvery,
        String optimizer,
        Double momentum) {

    public static final String ADAM = "adam";
    public static final String SGD = "sgd";

    TrainSpec withDefaults() {
        return new TrainSpec(
                epochs == null ? 10 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                bodyLearningRate,
                frozenLayers == null ? 1 : frozenLayers,
                checkpointEvery == null ? 1 : checkpointEvery,
                optimizer == null ? ADAM : optimizer,
                momentum == null ? 0.0 : momentum);
    }
}
