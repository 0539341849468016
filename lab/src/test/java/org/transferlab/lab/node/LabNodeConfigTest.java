package org.transferlab.lab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabNodeConfigTest {

    @Test
    void overriding_the_slot_count_also_sizes_the_training_pool() {
        Config config = LabNode.config(List.of("worker"), Map.of("transferlab.worker.slots", 5));
        assertEquals(5, config.getInt("transferlab.worker.slots"));
        assertEquals(5, config.getInt("transferlab.training-dispatcher.thread-pool-executor.fixed-pool-size"));
        assertEquals(List.of("worker"), config.getStringList("pekko.cluster.roles"));
    }
}
