package org.transferlab.orchestrator.http;

import com.typesafe.config.Config;

/**
 * Settings of the HTTP API beyond the orchestrator's own (see reference.conf): whether reads need a
 * token, and how many events an SSE stream may put in one chunk for a client that fell behind.
 */
public record HttpSettings(boolean readsNeedToken, int sseBatch) {

    public HttpSettings {
        if (sseBatch < 1) {
            throw new IllegalArgumentException("transferlab.http.sse-batch must be at least 1, was " + sseBatch);
        }
    }

    public static HttpSettings from(Config config) {
        return new HttpSettings(config.getBoolean("transferlab.orchestrator.require-token-for-reads"),
                config.getInt("transferlab.http.sse-batch"));
    }

    public HttpSettings withSseBatch(int batch) {
        return new HttpSettings(readsNeedToken, batch);
    }
}
