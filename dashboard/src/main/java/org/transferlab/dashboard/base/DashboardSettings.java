package org.transferlab.dashboard.base;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.Objects;
import org.transferlab.protocol.web.HostAllowList;

/**
 * Where the dashboard listens, which API it reads, which {@code Host} names it answers and how much
 * of an artifact it reads into memory.
 *
 * @param host         interface to bind, {@code 127.0.0.1} by default
 * @param port         HTTP port, {@code 8080} by default; {@code 0} picks a free one
 * @param apiUrl       base URL of the TransferLab API, e.g. {@code http://127.0.0.1:7070}
 * @param apiToken     the dashboard's own token (visitors from this machine are logged in with it), or {@code null}
 * @param allowedHosts {@code Host} names answered besides loopback names and the bind address
 * @param maxArtifactTextBytes the largest artifact a view reads as text (a guide summary)
 */
public record DashboardSettings(String host, int port, URI apiUrl, String apiToken, String allowedHosts,
        long maxArtifactTextBytes) {

    public DashboardSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(apiUrl, "apiUrl");
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        allowedHosts = allowedHosts == null ? "" : allowedHosts;
        if (maxArtifactTextBytes < 1) {
            throw new IllegalArgumentException("transferlab.dashboard.max-artifact-text must be positive, was " + maxArtifactTextBytes);
        }
    }

    /** Settings from {@code transferlab.dashboard} of the given configuration. */
    public static DashboardSettings fromConfig(Config config) {
        Config c = config.getConfig("transferlab.dashboard");
        return new DashboardSettings(c.getString("host"), c.getInt("port"),
                URI.create(c.getString("api-url")), c.getString("api-token"), c.getString("allowed-hosts"),
                c.getBytes("max-artifact-text"));
    }

    /** Settings from the application's configuration ({@code application.conf}, environment, {@code reference.conf}). */
    public static DashboardSettings load() {
        return fromConfig(ConfigFactory.load());
    }

    /** Defaults for everything but the API address. */
    public static DashboardSettings forApi(String apiUrl) {
        return load().withApi(URI.create(apiUrl), null);
    }

    /** The names the server answers: the configured ones and the address it binds to. */
    public HostAllowList hosts() {
        return HostAllowList.parse(allowedHosts, host);
    }

    public DashboardSettings withPort(int newPort) {
        return new DashboardSettings(host, newPort, apiUrl, apiToken, allowedHosts, maxArtifactTextBytes);
    }

    public DashboardSettings withHost(String newHost) {
        return new DashboardSettings(newHost, port, apiUrl, apiToken, allowedHosts, maxArtifactTextBytes);
    }

    public DashboardSettings withApi(URI newApiUrl, String newToken) {
        return new DashboardSettings(host, port, newApiUrl, newToken, allowedHosts, maxArtifactTextBytes);
    }

    public DashboardSettings withAllowedHosts(String list) {
        return new DashboardSettings(host, port, apiUrl, apiToken, list, maxArtifactTextBytes);
    }

    public DashboardSettings withMaxArtifactText(long bytes) {
        return new DashboardSettings(host, port, apiUrl, apiToken, allowedHosts, bytes);
    }
}
