package org.transferlab.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.LeNetNetworkTest;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.ArtifactRole;

/** Checkpoints of today's graphs round-trip; those of the old MultiLayerNetwork format convert or are refused clearly. */
class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void a_graph_comes_back_with_its_weights_updater_state_and_epoch_count() throws Exception {
        ComputationGraph network = MlpNetwork.build(new ModelSpec("mlp", List.of(8), List.of(), "relu", 0.0), 16, 3,
                1e-2, 5);
        DataSet data = LeNetNetworkTest.randomImages(12, 16, 3, 2);
        for (int i = 0; i < 3; i++) {
            network.fit(data);
        }
        network.incrementEpochCount();
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir);

        ComputationGraph restored = Checkpoints.load(artifacts,
                Checkpoints.publish(artifacts, "exp", ArtifactRole.CHECKPOINT, network));

        assertEquals(network.params(), restored.params());
        assertEquals(network.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertEquals(1, restored.getEpochCount());
        network.fit(data);
        restored.fit(data);
        assertEquals(network.params(), restored.params(), "the next step is the same step");
    }

    /** What TransferLab wrote before its networks became graphs: a MultiLayerNetwork zip, published as an artifact. */
    private String publishOldFormat(MultiLayerNetwork old, DirectoryArtifactStore artifacts) throws IOException {
        Path file = dir.resolve("old-format.zip");
        ModelSerializer.writeModel(old, file.toFile(), true);
        return artifacts.publish("exp", ArtifactRole.BODY, file);
    }

    private static MultiLayerNetwork oldFormat(OutputLayer.Builder output) {
        MultiLayerNetwork old = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nIn(16).nOut(8).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.RELU).build())
                .layer(output.nIn(6).build())
                .build());
        old.init();
        return old;
    }

    @Test
    void an_old_format_classifier_checkpoint_loads_as_a_named_graph_that_continues_training_exactly()
            throws Exception {
        MultiLayerNetwork old = oldFormat(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX));
        DataSet data = LeNetNetworkTest.randomImages(12, 16, 3, 4);
        for (int i = 0; i < 3; i++) {
            old.fit(data);
        }
        old.incrementEpochCount();
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));

        ComputationGraph converted = Checkpoints.load(artifacts, publishOldFormat(old, artifacts));

        assertEquals(List.of("input", "body-0", "body-1", "head"), BodyLayers.order(converted));
        assertEquals(old.getLayer(1).params(), converted.getLayer("body-1").params());
        assertEquals(old.output(data.getFeatures(), false), converted.outputSingle(false, data.getFeatures()));
        assertEquals(1, converted.getEpochCount());
        old.fit(data);
        converted.fit(data);
        assertEquals(old.params(), converted.params(), "the same Adam step: moments and iteration count carried over");
    }

    @Test
    void an_old_format_lenet_keeps_its_input_reshaping_and_names_pooling_as_part_of_its_convolution()
            throws Exception {
        MultiLayerNetwork old = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(4)
                .updater(new Adam(1e-2))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1))
                .build());
        old.init();
        DataSet images = LeNetNetworkTest.randomImages(6, 64, 3, 8);
        old.fit(images);
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));

        ComputationGraph converted = Checkpoints.load(artifacts, publishOldFormat(old, artifacts));

        assertEquals(List.of("input", "body-0", "body-0-pool", "body-1", "head"), BodyLayers.order(converted));
        assertEquals(64, BodyLayers.inputs(converted));
        assertEquals(2, BodyLayers.count(converted));
        assertEquals(old.output(images.getFeatures(), false), converted.outputSingle(false, images.getFeatures()));
    }

    @Test
    void an_old_format_checkpoint_that_is_no_classifier_is_refused_with_a_message_naming_the_artifact()
            throws Exception {
        MultiLayerNetwork autoencoder = oldFormat(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(16)
                .activation(Activation.IDENTITY));
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        String id = publishOldFormat(autoencoder, artifacts);

        IOException e = assertThrows(IOException.class, () -> Checkpoints.load(artifacts, id));

        assertEquals("artifact '" + id + "' is an old-format checkpoint (a DL4J MultiLayerNetwork, written before"
                + " TransferLab's networks became ComputationGraphs with named layers) that cannot be converted: its"
                + " last layer is not a softmax classifier head; rerun the stage that produced it", e.getMessage());
    }

    @Test
    void a_file_that_is_no_network_is_a_clear_error() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("not-a-model"), "hello");
        IOException e = assertThrows(IOException.class, () -> Checkpoints.load(file));
        assertTrue(e.getMessage().startsWith("cannot restore a network from " + file), e.getMessage());
    }
}
