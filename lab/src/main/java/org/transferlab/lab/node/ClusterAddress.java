package org.transferlab.lab.node;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where other cluster nodes reach this one: the {@code --host} and {@code --port} options that
 * {@code tlab orchestrator} and {@code tlab worker} share, mixed into both commands.
 */
final class ClusterAddress {

    @Option(names = {"--port", "--cluster-port"},
            description = "this node's cluster port; 0 = any free port (orchestrator default: TLAB_CLUSTER_PORT or 25520, which "
                    + "workers join; worker default 0)")
    Integer port;

    @Option(names = "--host", description = "the address other nodes reach this one at (default: TLAB_CLUSTER_HOST or 127.0.0.1)")
    String host;

    /** Adds the given options to Pekko's settings; without {@code --port} the port is {@code defaultPort} (null: the config's). */
    void addTo(Map<String, Object> overrides, Integer defaultPort) {
        Integer chosen = port != null ? port : defaultPort;
        if (chosen != null) {
            overrides.put("pekko.remote.artery.canonical.port", chosen);
        }
        if (host != null) {
            overrides.put("pekko.remote.artery.canonical.hostname", host);
        }
    }
}
