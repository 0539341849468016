package org.transferlab.lab.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transferlab.client.LabApiClient;
import org.transferlab.lab.DataDirOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How client commands reach a lab: the API address and the bearer token. The address comes from
 * {@code --api}, else {@code TLAB_API_URL}, else {@code api=} in the config file, else
 * {@code http://127.0.0.1:7070}. The token comes from {@code --token}, else {@code TLAB_TOKEN},
 * else {@code token=} in the config file, else the {@code api-token} file of the local data
 * directory that {@code tlab standalone} wrote. The config file is {@code $TLAB_CONFIG}, else
 * {@code ~/.config/tlab/config} (Java properties; keep it owner-only).
 */
final class ClientOptions {

    @Option(names = "--api", description = "API base URL (default: $TLAB_API_URL or http://127.0.0.1:7070)")
    String api;

    @Option(names = "--token", description = "Bearer token for changes (default: $TLAB_TOKEN or <data-dir>/api-token)")
    String token;

    @Mixin
    DataDirOption dataDir = new DataDirOption();

    LabApiClient client() {
        String url = api != null ? api : env("TLAB_API_URL", config().getProperty("api", "http://127.0.0.1:7070"));
        return new LabApiClient(URI.create(url), resolveToken());
    }

    /** The config file's properties, empty when there is none. */
    static java.util.Properties config() {
        java.util.Properties p = new java.util.Properties();
        String configured = System.getenv("TLAB_CONFIG");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".config", "tlab", "config");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the tlab config file " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    private String resolveToken() {
        if (token != null) {
            return token;
        }
        String fromEnv = System.getenv("TLAB_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String fromConfig = config().getProperty("token");
        if (fromConfig != null && !fromConfig.isBlank()) {
            return fromConfig.strip();
        }
        Path file = dataDir.path().resolve("api-token");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
