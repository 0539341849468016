package org.transferlab.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.work.TrialStage;

class LineageTest {

    private static TrialView trial(String id, int number, double rate) {
        return new TrialView(id, "e", number, TrialStage.FINETUNE, TrialStatus.COMPLETED, Map.of("learningRate", rate), null, 6,
                Map.of(), 0.5, null, null, null);
    }

    private static Exploit exploit(String trial, int epoch, String donor, double rate) {
        return new Exploit(trial, epoch, donor, epoch, "ckpt-" + donor + "-" + epoch, 0.1, 0.9, Map.of(), Map.of("learningRate", rate),
                Instant.EPOCH);
    }

    @Test
    void each_trial_has_its_proposal_from_epoch_one_then_each_exploit_from_the_epoch_after_it() {
        Lineage lineage = Lineage.of("e", List.of(trial("a", 1, 0.01), trial("b", 2, 0.001), trial("c", 3, 0.02)),
                List.of(exploit("b", 2, "a", 0.012), exploit("c", 4, "b", 0.0096), exploit("b", 4, "c", 0.024)));

        Lineage.Member b = lineage.trials().get(1);
        assertEquals(List.of(1, 3, 5), b.schedule().stream().map(Lineage.Segment::fromEpoch).toList());
        assertEquals(List.of(0.001, 0.012, 0.024), b.schedule().stream().map(s -> s.params().get("learningRate")).toList());
        assertEquals(List.of("a", "c"), b.ancestors());
        assertEquals(List.of(), lineage.trials().get(0).ancestors());
        assertEquals(List.of("b"), lineage.trials().get(2).ancestors(), "c took b's weights after b had taken a's");
    }

    @Test
    void a_lineage_reads_back_from_its_json() throws Exception {
        Lineage lineage = Lineage.of("e", List.of(trial("a", 1, 0.01), trial("b", 2, 0.001)), List.of(exploit("b", 2, "a", 0.012)));
        Lineage read = Json.mapper().readValue(Json.write(lineage), Lineage.class);
        assertEquals(lineage.exploits().getFirst().checkpoint(), read.exploits().getFirst().checkpoint());
        assertEquals(lineage.trials().get(1).schedule().get(1).donorEpoch(), read.trials().get(1).schedule().get(1).donorEpoch());
        assertEquals(List.of("a"), read.trials().get(1).ancestors());
    }
}
