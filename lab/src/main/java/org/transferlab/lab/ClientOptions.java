package org.transferlab.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transferlab.dashboard.client.LabApiClient;
import picocli.CommandLine.Option;

/**
 * How client commands reach a lab: the API address and the bearer token. The token comes from
 * {@code --token}, else {@code TLAB_TOKEN}, else the {@code api-token} file of the local data
 * directory that {@code tlab standalone} wrote.
 */
final class ClientOptions {

    @Option(names = "--api", description = "API base URL (default: $TLAB_API_URL or http://127.0.0.1:7070)")
    String api;

    @Option(names = "--token", description = "Bearer token for changes (default: $TLAB_TOKEN or <data-dir>/api-token)")
    String token;

    @Option(names = "--data-dir", description = "Data directory holding api-token (default: $TLAB_DATA_DIR or ./tlab-data)")
    Path dataDir;

    LabApiClient client() {
        String url = api != null ? api : env("TLAB_API_URL", "http://127.0.0.1:7070");
        return new LabApiClient(URI.create(url), resolveToken());
    }

    private String resolveToken() {
        if (token != null) {
            return token;
        }
        String fromEnv = System.getenv("TLAB_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path dir = dataDir != null ? dataDir : Path.of(env("TLAB_DATA_DIR", "./tlab-data"));
        Path file = dir.resolve("api-token");
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
