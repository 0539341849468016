package org.transferlab.orchestrator.http;

import com.typesafe.config.Config;
import java.net.URI;
import org.transferlab.protocol.web.HostAllowList;

/**
 * Settings of the HTTP API beyond the orchestrator's own (see reference.conf): whether reads need a
 * token, how many events an SSE stream may put in one chunk for a client that fell behind, and the
 * {@code Host} names the API answers (the configured list plus the address it binds to and the host
 * of its public URL, so workers that reach it there are never turned away).
 */
public record HttpSettings(boolean readsNeedToken, int sseBatch, HostAllowList allowedHosts) {

    public HttpSettings {
        if (sseBatch < 1) {
            throw new IllegalArgumentException("transferlab.http.sse-batch must be at least 1, was " + sseBatch);
        }
    }

    public static HttpSettings from(Config config) {
        Config h = config.getConfig("transferlab.http");
        String publicUrl = h.getString("public-url");
        String publicHost = publicUrl.isBlank() ? "" : String.valueOf(URI.create(publicUrl.strip()).getHost());
        return new HttpSettings(config.getBoolean("transferlab.orchestrator.require-token-for-reads"),
                h.getInt("sse-batch"),
                HostAllowList.parse(h.getString("allowed-hosts"), h.getString("host"), publicHost));
    }

    public HttpSettings withSseBatch(int batch) {
        return new HttpSettings(readsNeedToken, batch, allowedHosts);
    }
}
