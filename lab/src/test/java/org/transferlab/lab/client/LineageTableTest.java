package org.transferlab.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.Lineage;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

class LineageTableTest {

    private static TrialView trial(String id, int number, double rate) {
        return new TrialView(id, "e", number, TrialStage.FINETUNE, TrialStatus.COMPLETED, Map.of("learningRate", rate, "frozenLayers", 1),
                null, 8, Map.of(), 0.5, null, null, null);
    }

    @Test
    void one_row_per_stretch_of_training_naming_the_donor_by_number_and_the_parameters_it_trained_with() {
        Lineage lineage = Lineage.of("e", List.of(trial("e-t1", 1, 0.02), trial("e-t2", 2, 0.000016)),
                List.of(new Exploit("e-t2", 4, "e-t1", 4, "ckpt", 0.3, 0.8, Map.of(), Map.of("learningRate", 0.024, "frozenLayers", 1),
                        Instant.EPOCH)));

        List<String> lines = LineageTable.render(lineage).lines().toList();

        assertEquals("population-based training: 1 exploit(s)", lines.get(0));
        assertTrue(lines.get(1).matches("trial\\s+from epoch\\s+weights\\s+hyperparameters"), lines.get(1));
        assertTrue(lines.get(2).matches("1\\s+1\\s+own start\\s+frozenLayers=1, learningRate=0\\.02"), lines.get(2));
        assertTrue(lines.get(3).matches("2\\s+1\\s+own start\\s+frozenLayers=1, learningRate=1\\.6e-05"), lines.get(3));
        assertTrue(lines.get(4).matches("2\\s+5\\s+trial 1 @ epoch 4\\s+frozenLayers=1, learningRate=0\\.024"), lines.get(4));
        assertEquals(5, lines.size());
    }
}
