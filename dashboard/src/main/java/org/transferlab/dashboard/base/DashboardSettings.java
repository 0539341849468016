package org.transferlab.dashboard.base;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.Objects;

/**
 * Where the dashboard listens and which API it reads.
 *
 * @param host     interface to bind, {@code 127.0.0.1} by default
 * @param port     HTTP port, {@code 8080} by default; {@code 0} picks a free one
 * @param apiUrl   base URL of the TransferLab API, e.g. {@code http://127.0.0.1:7070}
 * @param apiToken bearer token for state-changing calls, or {@code null}
 */
public record DashboardSettings(String host, int port, URI apiUrl, String apiToken) {

    public DashboardSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(apiUrl, "apiUrl");
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
    }

    /** Settings from {@code transferlab.dashboard} of the given configuration. */
    public static DashboardSettings fromConfig(Config config) {
        Config c = config.getConfig("transferlab.dashboard");
        return new DashboardSettings(c.getString("host"), c.getInt("port"),
                URI.create(c.getString("api-url")), c.getString("api-token"));
    }

    /** Settings from the application's configuration ({@code application.conf}, environment, {@code reference.conf}). */
    public static DashboardSettings load() {
        return fromConfig(ConfigFactory.load());
    }

    /** Defaults for everything but the API address. */
    public static DashboardSettings forApi(String apiUrl) {
        return load().withApi(URI.create(apiUrl), null);
    }

    public DashboardSettings withPort(int newPort) {
        return new DashboardSettings(host, newPort, apiUrl, apiToken);
    }

    public DashboardSettings withHost(String newHost) {
        return new DashboardSettings(newHost, port, apiUrl, apiToken);
    }

    public DashboardSettings withApi(URI newApiUrl, String newToken) {
        return new DashboardSettings(host, port, newApiUrl, newToken);
    }
}
