package org.transferlab.experiments.transfer;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.model.BodyLayers;

/**
 * Turns a pretrained network (a supervised classifier or a masked-autoencoder body, MLP or LeNet)
 * into one for a new task: the output layer is replaced by a fresh softmax layer with one output
 * per target class, the first {@code frozenLayers} body layers are frozen (counted as
 * {@code ModelSpec.bodyLayers()} counts them: a convolution with its pooling is one; their
 * parameters never change again; 0 = full fine-tune, all = feature extraction), the unfrozen body
 * layers get Adam at {@code bodyLearningRate} (0 = held still, without freezing) and the head Adam
 * at {@code learningRate}. Updater state starts fresh; the epoch counter restarts at 0.
 */
public final class FineTuneNetwork {

    private FineTuneNetwork() {}

    /** One learning rate for body and head. */
    public static MultiLayerNetwork from(MultiLayerNetwork pretrained, int targetClasses, int frozenLayers,
            double learningRate, long seed) {
        return from(pretrained, targetClasses, frozenLayers, learningRate, learningRate, seed);
    }

    public static MultiLayerNetwork from(MultiLayerNetwork pretrained, int targetClasses, int frozenLayers,
            double learningRate, double bodyLearningRate, long seed) {
        int bodyLayers = BodyLayers.count(pretrained);
        if (frozenLayers < 0 || frozenLayers > bodyLayers) {
            throw new IllegalArgumentException("frozenLayers must be between 0 and " + bodyLayers
                    + " (the body's layers), got " + frozenLayers);
        }
        if (targetClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 target classes, got " + targetClasses);
        }
        if (!(learningRate > 0) || !(bodyLearningRate >= 0)) {
            throw new IllegalArgumentException("learning rates must be positive (the body's may be 0), got head "
                    + learningRate + ", body " + bodyLearningRate);
        }
        int outputLayer = pretrained.getnLayers() - 1;
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
            // setFeatureExtractor(i) freezes DL4J layers 0..i inclusive (a body layer's pooling included).
            builder.setFeatureExtractor(BodyLayers.lastIndexOf(pretrained, frozenLayers));
        }
        MultiLayerNetwork network = builder.build();
        if (bodyLearningRate != learningRate) {
            // DL4J's NoOp updater passes the raw gradient through (a step of size 1); a zero rate needs Sgd(0).
            network = withBodyUpdater(network, bodyLearningRate == 0 ? new Sgd(0.0) : new Adam(bodyLearningRate));
        }
        network.setEpochCount(0);
        return network;
    }

    /**
     * DL4J's fine-tune configuration sets one updater for every trainable layer; a second rate for
     * the body means rebuilding from a copy of the configuration with the body layers' updaters
     * replaced, keeping the parameters (frozen layers carry no updater and are left alone).
     */
    private static MultiLayerNetwork withBodyUpdater(MultiLayerNetwork network, IUpdater bodyUpdater) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        for (int i = 0; i < conf.getConfs().size() - 1; i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (layer instanceof BaseLayer trainable) {
                trainable.setIUpdater(bodyUpdater.clone());
                trainable.setBiasUpdater(null);
            }
        }
        MultiLayerNetwork rebuilt = new MultiLayerNetwork(conf);
        rebuilt.init(network.params().dup(), false);
        return rebuilt;
    }
}
