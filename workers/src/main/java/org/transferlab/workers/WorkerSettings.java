package org.transferlab.workers;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code transferlab.worker} namespace, read once from {@link Config}; actors receive this
 * record and never read raw keys. Defaults and their meaning live in {@code reference.conf}.
 *
 * @param nodeName empty to derive the name from the actor system's address
 * @param requestRetry {@link Duration#ZERO} for never (config {@code off})
 * @param artifactToken empty to send no {@code Authorization} header
 */
public record WorkerSettings(
        int slots,
        String device,
        String nodeName,
        Path cacheDir,
        Path datasetRoot,
        Duration requestRetry,
        String artifactToken,
        Duration artifactConnectTimeout) {

    /** The dispatcher every slot trains on. */
    public static final String TRAINING_DISPATCHER = "transferlab.training-dispatcher";

    public WorkerSettings {
        if (slots < 1) {
            throw new IllegalArgumentException("transferlab.worker.slots must be at least 1, was " + slots);
        }
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("transferlab.worker.device must not be empty");
        }
        if (requestRetry.isNegative()) {
            throw new IllegalArgumentException("transferlab.worker.request-retry must be off or positive");
        }
        nodeName = nodeName == null ? "" : nodeName;
        artifactToken = artifactToken == null ? "" : artifactToken;
    }

    public static WorkerSettings from(Config config) {
        Config c = config.getConfig("transferlab.worker");
        return new WorkerSettings(
                c.getInt("slots"),
                c.getString("device"),
                c.getString("node-name"),
                Path.of(c.getString("cache-dir")),
                Path.of(c.getString("dataset-root")),
                "off".equals(c.getString("request-retry")) ? Duration.ZERO : c.getDuration("request-retry"),
                c.getString("artifact-token"),
                c.getDuration("artifact-connect-timeout"));
    }

    /** The device slot {@code index} trains on: {@code cuda} expands to one GPU per slot. */
    public String deviceOf(int index) {
        return device.equals("cuda") ? "cuda:" + index : device;
    }

    public Optional<String> bearerToken() {
        return artifactToken.isBlank() ? Optional.empty() : Optional.of(artifactToken);
    }

    public WorkerSettings withSlots(int count) {
        return new WorkerSettings(count, device, nodeName, cacheDir, datasetRoot, requestRetry, artifactToken,
                artifactConnectTimeout);
    }
}
