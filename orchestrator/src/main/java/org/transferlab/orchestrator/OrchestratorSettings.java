package org.transferlab.orchestrator;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** The orchestrator's settings, read once from {@code transferlab.*} (see reference.conf). */
public record OrchestratorSettings(
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration askTimeout,
        long maxSpecBytes,
        long maxArtifactBytes,
        String apiToken,
        int sseBuffer,
        Duration sseKeepAlive,
        String httpHost,
        int httpPort,
        String publicUrl) {

    public static OrchestratorSettings from(Config config) {
        Config t = config.getConfig("transferlab");
        Config o = t.getConfig("orchestrator");
        Config h = t.getConfig("http");
        return new OrchestratorSettings(
                Path.of(t.getString("data-dir")),
                o.getString("db-url"),
                o.getString("db-user"),
                o.getString("db-password"),
                o.getInt("db-pool-size"),
                o.getDuration("ask-timeout"),
                o.getBytes("max-spec-bytes"),
                o.getBytes("max-artifact-bytes"),
                o.getString("api-token"),
                o.getInt("sse-buffer"),
                o.getDuration("sse-keep-alive"),
                h.getString("host"),
                h.getInt("port"),
                h.getString("public-url"));
    }
}
