package org.transferlab.experiments.transfer;

import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns a pretrained classifier into one for a new task: the output layer is replaced by a fresh
 * softmax layer with one output per target class, the first {@code frozenLayers} hidden layers are
 * frozen (their parameters never change again; 0 means a full fine-tune), and every trainable layer
 * gets Adam at the given learning rate. The epoch counter restarts at 0.
 */
public final class FineTuneNetwork {

    private FineTuneNetwork() {}

    public static MultiLayerNetwork from(MultiLayerNetwork pretrained, int targetClasses, int frozenLayers,
            double learningRate, long seed) {
        int outputLayer = pretrained.getnLayers() - 1;
        int hiddenLayers = outputLayer;
        if (frozenLayers < 0 || frozenLayers > hiddenLayers) {
            throw new IllegalArgumentException("frozenLayers must be between 0 and " + hiddenLayers
                    + " (the body's hidden layers), got " + frozenLayers);
        }
        if (targetClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 target classes, got " + targetClasses);
        }
        long headInputs = ((FeedForwardLayer) pretrained.getLayerWiseConfigurations().getConf(outputLayer).getLayer())
                .getNIn();

        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(new Adam(learningRate))
                .seed(seed)
                .build();
        TransferLearning.Builder builder = new TransferLearning.Builder(pretrained)
                .fineTuneConfiguration(fineTune)
                .removeOutputLayer()
                .addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(headInputs)
                        .nOut(targetClasses)
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build());
        if (frozenLayers > 0) {
            // setFeatureExtractor(i) freezes layers 0..i inclusive.
            builder.setFeatureExtractor(frozenLayers - 1);
        }
        MultiLayerNetwork network = builder.build();
        network.setEpochCount(0);
        return network;
    }
}
