package org.transferlab.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    /** As a deployable loads it: these overrides play application.conf. */
    private static Config load(String overrides) {
        return ConfigFactory.load(ConfigFactory.parseString(overrides));
    }

    @Test
    void reference_conf_gives_two_cpu_slots_and_a_training_thread_per_slot() {
        Config config = load("");
        WorkerSettings settings = WorkerSettings.from(config);

        assertEquals(2, settings.slots());
        assertEquals("cpu", settings.deviceOf(1));
        assertEquals(Duration.ZERO, settings.requestRetry(), "request-retry is off");
        assertEquals(Optional.empty(), settings.bearerToken());
        assertTrue(settings.cacheDir().isAbsolute());
        assertEquals(2, config.getInt("transferlab.training-dispatcher.thread-pool-executor.fixed-pool-size"));
        assertEquals("jackson-cbor",
                config.getConfig("pekko.actor.serialization-bindings")
                        .getString("\"org.transferlab.protocol.cluster.ClusterMessage\""));
    }

    @Test
    void the_training_pool_follows_an_overridden_slot_count() {
        Config config = load("transferlab.worker { slots = 4, device = cuda, artifact-token = abc, request-retry = 5s }");
        WorkerSettings settings = WorkerSettings.from(config);

        assertEquals(4, config.getInt("transferlab.training-dispatcher.thread-pool-executor.fixed-pool-size"));
        assertEquals("cuda:3", settings.deviceOf(3));
        assertEquals(Optional.of("abc"), settings.bearerToken());
        assertEquals(Duration.ofSeconds(5), settings.requestRetry());
    }

    @Test
    void zero_slots_is_refused_naming_the_key() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WorkerSettings.from(load("transferlab.worker.slots = 0")));
        assertTrue(e.getMessage().contains("transferlab.worker.slots"), e.getMessage());
    }
}
