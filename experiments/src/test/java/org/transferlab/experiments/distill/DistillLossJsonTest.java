package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The distillation losses as DL4J's Jackson writes them into a network's configuration (and so into
 * every checkpoint): each setting under its own name, read back to an equal loss, and a loss as
 * checkpoints written before the losses became records hold it still reads.
 */
class DistillLossJsonTest {

    private static final ObjectMapper MAPPER = NeuralNetConfiguration.mapper();

    private static ILossFunction roundTrip(ILossFunction loss, String... settings) throws Exception {
        String json = MAPPER.writeValueAsString(loss);
        Map<String, Object> fields = MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
        assertEquals(loss.getClass().getName(), fields.remove("@class"), json);
        assertEquals(Set.of(settings), fields.keySet(), json);
        return MAPPER.readValue(json, ILossFunction.class);
    }

    @Test
    void each_loss_reads_back_equal_from_its_json() throws Exception {
        SoftTargetLoss soft = new SoftTargetLoss(3.0, 0.7, 0.3, true);
        assertEquals(soft, roundTrip(soft, "temperature", "softWeight", "hardWeight", "pseudoLabels"));
        MultiTeacherLoss multi = new MultiTeacherLoss(2.0, 0.5, false, new int[][] {{0, 2}, {1}}, new double[] {0.25, 0.75});
        assertEquals(multi, roundTrip(multi, "temperature", "hardWeight", "pseudoLabels", "columns", "weights"));
        AttentionLoss attention = new AttentionLoss(8, 1000, 2);
        assertEquals(attention, roundTrip(attention, "channels", "beta", "power"));
    }

    @Test
    void losses_as_older_checkpoints_wrote_them_still_read() throws Exception {
        ILossFunction soft = MAPPER.readValue("""
                {"@class": "org.transferlab.experiments.distill.SoftTargetLoss",
                 "hardWeight": 0.3, "pseudoLabels": false, "softWeight": 0.7, "temperature": 4.0}""", ILossFunction.class);
        assertEquals(new SoftTargetLoss(4.0, 0.7, 0.3, false), soft);
        MultiTeacherLoss multi = (MultiTeacherLoss) MAPPER.readValue("""
                {"@class": "org.transferlab.experiments.distill.MultiTeacherLoss", "columns": [[0, 1], [2]],
                 "hardWeight": 0.0, "pseudoLabels": true, "temperature": 1.0, "weights": [0.5, 0.5]}""", ILossFunction.class);
        assertArrayEquals(new int[][] {{0, 1}, {2}}, multi.columns());
        assertArrayEquals(new double[] {0.5, 0.5}, multi.weights());
        assertTrue(multi.pseudoLabels());
        ILossFunction attention = MAPPER.readValue("""
                {"@class": "org.transferlab.experiments.distill.AttentionLoss", "beta": 1000.0, "channels": 4, "power": 2.0}""",
                ILossFunction.class);
        assertEquals(new AttentionLoss(4, 1000, 2), attention);
    }
}
