package org.transferlab.protocol.spec;

/**
 * Training defaults for every trial. A search parameter with the same name (for example {@code
 * learningRate} or {@code frozenLayers}) overrides the value here per trial. {@code
 * bodyLearningRate} (default: same as {@code learningRate}) applies to unfrozen body layers, the
 * head uses {@code learningRate}. {@code checkpointEvery} publishes a resumable checkpoint every
 * n epochs (0 = only at the end).
 *
 * <p>{@code optimizer} is the fine-tunes' (and, unless {@code gtl.scoutOptimizer} says otherwise,
 * the GTL scouts') optimizer: {@code adam} (default) or {@code sgd}. {@code momentum} (default
 * 0) is SGD's momentum coefficient; above 0 the step is Nesterov momentum (DL4J's
 * {@code Nesterovs}, the only momentum SGD DL4J has). Pretraining, teachers and students always
 * train with Adam.
 *
 * <p>{@code baseline} (fine-tune default true, synthetic default false; GTL and distillation have
 * their own in {@code gtl} and {@code distill}) adds the sweep's automatic baseline: for a fine-tune,
 * the same network freshly initialised with every layer trained at {@code learningRate}, on the same
 * k-shot data with the same epochs, batch size and seeds; for a synthetic sweep, the same trial at the
 * default {@code x} and {@code y}.
 */
public record TrainSpec(
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Double bodyLearningRate,
        Integer frozenLayers,
        Integer checkpointEvery,
        String optimizer,
        Double momentum,
        Boolean baseline) {

    /** The optimizers a spec may choose: what {@code optimizer} (and {@code gtl.scoutOptimizer}) may be. */
    public enum OptimizerName implements SpecWord { ADAM, SGD }

    /** The shape before optimizers and baselines: Adam, and the kind's default baseline. */
    public TrainSpec(Integer epochs, Integer batchSize, Double learningRate, Double bodyLearningRate, Integer frozenLayers,
            Integer checkpointEvery) {
        this(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, null, null, null);
    }

    TrainSpec withDefaults(ExperimentKind kind) {
        return new TrainSpec(
                epochs == null ? 10 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                bodyLearningRate,
                frozenLayers == null ? 1 : frozenLayers,
                checkpointEvery == null ? 1 : checkpointEvery,
                optimizer == null ? OptimizerName.ADAM.word() : optimizer,
                momentum == null ? 0.0 : momentum,
                baseline == null ? kind == ExperimentKind.FINETUNE : baseline);
    }
}
