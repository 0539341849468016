package org.transferlab.experiments.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The self-supervised pretraining network: the spec's body as encoder (exactly the vertices a
 * classifier of the same spec has before its head, same names, so weights line up), then a decoder
 * of dense layers {@code decoder-0, …} mirroring the hidden sizes back out (for hidden [256, 128]:
 * 256), then a linear output {@value #RECONSTRUCTION} of one value per input feature trained with
 * mean squared error against the full, unmasked input, counted where the batch's labels mask says
 * (the hidden patches of a masked autoencoder, every feature of a denoising one). Masking is the
 * training loop's business ({@code PatchMask}, {@code InputMask}); after training, {@link #toBody} drops the decoder and puts a placeholder
 * softmax head on the encoder, so the result is a body artifact that fine-tuning loads exactly like
 * a supervised one (it replaces the head anyway).
 */
public final class MaskedAutoencoder {

    /** The reconstruction output layer. */
    public static final String RECONSTRUCTION = "reconstruction";

    private MaskedAutoencoder() {}

    public static ComputationGraph build(ModelSpec spec, int height, int width, double learningRate, long seed) {
        String type = spec.type() == null ? "mlp" : spec.type();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        LayerChain chain = new LayerChain(seed, learningRate, WeightInit.XAVIER);
        Activation activation = MlpNetwork.activation(spec);
        switch (type) {
            case "mlp" -> {
                if (hidden.isEmpty()) {
                    throw new IllegalArgumentException("an mlp body needs at least one hidden layer");
                }
                MlpNetwork.addDense(chain, hidden, 0, activation, 0.0, 0.0);
            }
            case "lenet" -> LeNetNetwork.addBody(chain, spec, height, width);
            case "vgg" -> VggNetwork.addBody(chain, spec, height, width);
            default -> throw new IllegalArgumentException("unknown model type '" + type + "'; available: mlp, lenet, vgg");
        }
        List<Integer> decoder = decoderSizes(hidden);
        for (int i = 0; i < decoder.size(); i++) {
            chain.add(decoder(i), new DenseLayer.Builder().nOut(decoder.get(i)).activation(activation).build());
        }
        chain.add(RECONSTRUCTION, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut((long) height * width).activation(Activation.IDENTITY).build());
        return chain.build(!"mlp".equals(type)
                ? InputType.convolutionalFlat(height, width, 1)
                : InputType.feedForward((long) height * width));
    }

    private static String decoder(int index) {
        return "decoder-" + index;
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
     * {@code head} with {@code headClasses} outputs and zero weights added (fine-tuning replaces
     * it), epoch counter kept.
     */
    public static ComputationGraph toBody(ComputationGraph autoencoder, ModelSpec spec, int headClasses, long seed) {
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("a masked-autoencoder body needs at least one dense hidden layer");
        }
        String encoderOutput = autoencoder.getConfiguration().getVertexInputs()
                .get(decoderSizes(hidden).isEmpty() ? RECONSTRUCTION : decoder(0)).get(0);
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(autoencoder)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().seed(seed).build())
                .removeVertexAndConnections(RECONSTRUCTION);
        for (int i = 0; i < decoderSizes(hidden).size(); i++) {
            builder.removeVertexAndConnections(decoder(i));
        }
        ComputationGraph body = builder
                .addLayer(BodyLayers.HEAD, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(hidden.get(hidden.size() - 1)).nOut(headClasses).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).build(), encoderOutput)
                .setOutputs(BodyLayers.HEAD)
                .build();
        // The placeholder head is never trained: zeros keep the artifact a function of the encoder alone.
        body.getLayer(BodyLayers.HEAD).params().assign(0);
        body.getConfiguration().setEpochCount(autoencoder.getEpochCount());
        return body;
    }
}
