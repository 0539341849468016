package org.transferlab.orchestrator.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import org.transferlab.orchestrator.store.StoreSettings;
import org.transferlab.protocol.spec.SpecLimits;

/**
 * The orchestrator's settings, read once from {@code transferlab.*} (see reference.conf), including
 * the bounds on what a submitted spec may cost ({@code transferlab.orchestrator.spec-limits}).
 *
 * @param datasetRoot the directory the lab's workers read datasets from, where this node sees it
 *     ({@code transferlab.orchestrator.dataset-root}); null when it does not
 */
public record OrchestratorSettings(
        Path dataDir,
        StoreSettings store,
        Duration askTimeout,
        long maxSpecBytes,
        long maxArtifactBytes,
        String apiToken,
        int sseBuffer,
        Duration sseKeepAlive,
        String httpHost,
        int httpPort,
        String publicUrl,
        SpecLimits specLimits,
        Path datasetRoot) {

    public static OrchestratorSettings from(Config config) {
        Config t = config.getConfig("transferlab");
        Config o = t.getConfig("orchestrator");
        Config h = t.getConfig("http");
        Path dataDir = Path.of(t.getString("data-dir"));
        return new OrchestratorSettings(
                dataDir,
                StoreSettings.from(o, dataDir),
                o.getDuration("ask-timeout"),
                o.getBytes("max-spec-bytes"),
                o.getBytes("max-artifact-bytes"),
                o.getString("api-token"),
                o.getInt("sse-buffer"),
                o.getDuration("sse-keep-alive"),
                h.getString("host"),
                h.getInt("port"),
                h.getString("public-url"),
                specLimits(o.getConfig("spec-limits")),
                o.getString("dataset-root").isBlank() ? null : Path.of(o.getString("dataset-root")));
    }

    private static SpecLimits specLimits(Config c) {
        return new SpecLimits(
                c.getInt("max-trials"),
                c.getLong("max-grid-points"),
                c.getInt("max-epochs"),
                c.getInt("max-batch-size"),
                c.getInt("max-layers"),
                c.getInt("max-layer-width"),
                c.getInt("max-channels"),
                c.getLong("max-parameters"),
                c.getBytes("max-trial-memory"),
                c.getInt("max-scouts"),
                c.getLong("max-sleep-ms"));
    }
}
