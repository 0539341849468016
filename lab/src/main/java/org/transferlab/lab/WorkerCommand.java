package org.transferlab.lab;

import com.typesafe.config.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.transferlab.workers.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tlab worker --join HOST:PORT}: a node offering training slots to the lab. */
@Command(name = "worker", description = "Run a worker node that joins the orchestrator's cluster and trains in its slots.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--join", required = true, description = "HOST:PORT of the orchestrator's cluster port (e.g. 127.0.0.1:25520)")
    String join;

    @Option(names = "--slots", description = "number of slots (default: transferlab.worker.slots)")
    Integer slots;

    @Option(names = "--port", description = "this node's cluster port (default 0: any free port)")
    int port;

    @Override
    public Integer call() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("pekko.remote.artery.canonical.port", port);
        if (slots != null) {
            overrides.put("transferlab.worker.slots", slots);
        }
        Config config = LabNode.config(List.of("worker"), overrides);
        ActorSystem<Void> system = LabNode.startJoining(config, join);
        Workers.start(system);
        System.out.println("TransferLab worker joining " + join);
        LabNode.awaitTermination(system);
        return 0;
    }
}
