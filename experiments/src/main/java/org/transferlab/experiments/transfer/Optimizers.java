package org.transferlab.experiments.transfer;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferlab.protocol.spec.SpecWord;
import org.transferlab.protocol.spec.TrainSpec.OptimizerName;
import org.transferlab.protocol.work.TrialConfig.Optimizer;

/**
 * The DL4J updater for a trial's optimizer choice at one learning rate: {@code adam} is
 * {@link Adam}; {@code sgd} is {@link Sgd} (θ ← θ − lr·g) without momentum and DL4J's
 * {@link Nesterovs} with it (Nesterov momentum μ; DL4J has no heavy-ball momentum updater). A zero
 * learning rate is {@code Sgd(0)} whatever the choice: a layer held still, because DL4J's NoOp
 * updater would pass the raw gradient through as a step of size 1.
 */
public final class Optimizers {

    private Optimizers() {}

    public static IUpdater updater(Optimizer optimizer, double learningRate) {
        if (learningRate == 0) {
            return new Sgd(0.0);
        }
        OptimizerName name = SpecWord.find(OptimizerName.class, optimizer.name()).orElseThrow(() -> new IllegalArgumentException(
                "unknown optimizer '" + optimizer.name() + "'; available: " + String.join(", ", SpecWord.words(OptimizerName.class))));
        return switch (name) {
            case ADAM -> new Adam(learningRate);
            case SGD -> optimizer.momentum() > 0
                    ? new Nesterovs(learningRate, optimizer.momentum())
                    : new Sgd(learningRate);
        };
    }
}
