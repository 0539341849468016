package org.transferlab.lab;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.transferlab.orchestrator.Orchestrator;
import org.transferlab.orchestrator.OrchestratorSettings;
import picocli.CommandLine.Command;

/** {@code tlab orchestrator}: the seed node with the store, supervisor and API; workers join it. */
@Command(name = "orchestrator", description = "Run the orchestrator (seed node, store, API); workers join with 'tlab worker --join'.")
final class OrchestratorCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Config config = LabNode.config(List.of("orchestrator"), Map.of());
        ActorSystem<Void> system = LabNode.startSeed(config);
        Orchestrator orchestrator = Orchestrator.start(system, OrchestratorSettings.from(config));
        System.out.println("TransferLab orchestrator: API " + orchestrator.url() + ", cluster port "
                + config.getInt("pekko.remote.artery.canonical.port"));
        LabNode.awaitTermination(system, orchestrator);
        return 0;
    }
}
