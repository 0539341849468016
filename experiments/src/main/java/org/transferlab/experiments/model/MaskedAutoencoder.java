package org.transferlab.experiments.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The self-supervised pretraining network: the spec's body as encoder (exactly the layers a
 * classifier of the same spec has before its head, so weights line up), then a decoder of dense
 * layers mirroring the hidden sizes back out (for hidden [256, 128]: 256), then a linear output of
 * one value per input feature trained with mean squared error against the full, unmasked input.
 * Masking is the training loop's business ({@code InputMask}); after training, {@link #toBody}
 * drops the decoder and puts a placeholder softmax head on the encoder, so the result is a body
 * artifact that fine-tuning loads exactly like a supervised one (it replaces the head anyway).
 */
public final class MaskedAutoencoder {

    private MaskedAutoencoder() {}

    public static MultiLayerNetwork build(ModelSpec spec, int height, int width, double learningRate, long seed) {
        String type = spec.type() == null ? "mlp" : spec.type();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list();
        Activation activation = MlpNetwork.activation(spec);
        switch (type) {
            case "mlp" -> {
                if (hidden.isEmpty()) {
                    throw new IllegalArgumentException("an mlp body needs at least one hidden layer");
                }
                for (int size : hidden) {
                    layers.layer(new DenseLayer.Builder().nOut(size).activation(activation).build());
                }
            }
            case "lenet" -> LeNetNetwork.addBody(layers, spec, height, width);
            case "vgg" -> VggNetwork.addBody(layers, spec, height, width);
            default -> throw new IllegalArgumentException("unknown model type '" + type + "'; available: mlp, lenet, vgg");
        }
        for (int size : decoderSizes(hidden)) {
            layers.layer(new DenseLayer.Builder().nOut(size).activation(activation).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut((long) height * width).activation(Activation.IDENTITY).build());
        layers.setInputType(!"mlp".equals(type)
                ? InputType.convolutionalFlat(height, width, 1)
                : InputType.feedForward((long) height * width));
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
    }

    /** The hidden sizes in reverse, without the innermost (the encoder's last layer feeds the decoder). */
    static List<Integer> decoderSizes(List<Integer> hidden) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = hidden.size() - 2; i >= 0; i--) {
            sizes.add(hidden.get(i));
        }
        return sizes;
    }

    /**
     * The encoder as a body artifact: decoder and reconstruction output removed, a fresh softmax
     * head with {@code headClasses} outputs and zero weights added (fine-tuning replaces it), epoch counter kept.
     */
    public static MultiLayerNetwork toBody(MultiLayerNetwork autoencoder, ModelSpec spec, int headClasses, long seed) {
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        int decoderLayers = decoderSizes(hidden).size() + 1;
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(headClasses).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-3));
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("a masked-autoencoder body needs at least one dense hidden layer");
        }
        head.nIn(hidden.get(hidden.size() - 1));
        MultiLayerNetwork body = new TransferLearning.Builder(autoencoder)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().seed(seed).build())
                .removeLayersFromOutput(decoderLayers)
                .addLayer(head.build())
                .build();
        // The placeholder head is never trained: zeros keep the artifact a function of the encoder alone.
        body.getOutputLayer().params().assign(0);
        body.setEpochCount(autoencoder.getEpochCount());
        return body;
    }
}
