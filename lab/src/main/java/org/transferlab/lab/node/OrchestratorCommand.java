package org.transferlab.lab.node;

import com.typesafe.config.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.transferlab.lab.DataDirOption;
import org.transferlab.orchestrator.Orchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tlab orchestrator}: the seed node with the store, supervisor and API; workers join it.
 * Its cluster address (host and port) must stay the same across restarts: workers that the
 * restart cut off rejoin through it.
 */
@Command(name = "orchestrator", description = "Run the orchestrator (seed node, store, API); workers join with 'tlab worker --join'.")
public final class OrchestratorCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Mixin
    ClusterAddress address = new ClusterAddress();

    @Option(names = "--api-port", description = "API port (default: TLAB_HTTP_PORT or 7070; 0 = any free port)")
    Integer apiPort;

    @Override
    public Integer call() {
        Map<String, Object> overrides = new HashMap<>();
        // without the option the config's transferlab.data-dir applies (the same rule, or a -D override)
        dataDir.given().ifPresent(dir -> overrides.put("transferlab.data-dir", dir.toString()));
        address.addTo(overrides, null);
        if (apiPort != null) {
            overrides.put("transferlab.http.port", apiPort);
        }
        Config config = LabNode.config(List.of("orchestrator"), overrides);
        ActorSystem<Void> system = LabNode.startSeed(config);
        Orchestrator orchestrator = LabNode.startOrchestrator(system, config);
        System.out.println("TransferLab orchestrator: API " + orchestrator.url() + ", cluster "
                + system.address().host().get() + ":" + system.address().port().get());
        LabNode.awaitTermination(system, orchestrator);
        return 0;
    }
}
