package org.transferlab.workers;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.transferlab.experiments.platform.NativeVariant;
import org.transferlab.workers.node.WorkerNode;
import org.transferlab.workers.run.ArtifactStoreFactory;
import org.transferlab.workers.run.HttpArtifactStore;

/**
 * How another module puts worker slots into an actor system: a worker-only node and {@code tlab
 * standalone} (a single-node cluster hosting the orchestrator too) both call {@link #start}. The
 * system should carry the cluster role {@code worker} where it is a cluster member; the slots find
 * the orchestrator through the Receptionist either way.
 */
public final class Workers {

    /** The name of the worker node actor under {@code /system}. */
    public static final String NODE_NAME = "transferlab-worker";

    private Workers() {}

    /** Starts a worker node configured from the system's own {@code transferlab.worker} settings. */
    public static ActorRef<WorkerNode.Command> start(ActorSystem<?> system) {
        return start(system, WorkerSettings.from(system.settings().config()));
    }

    /** Starts a worker node whose slots fetch and publish artifacts over HTTP. Call once per system. */
    public static ActorRef<WorkerNode.Command> start(ActorSystem<?> system, WorkerSettings settings) {
        return start(system, settings, HttpArtifactStore.factory(settings));
    }

    public static ActorRef<WorkerNode.Command> start(
            ActorSystem<?> system, WorkerSettings settings, ArtifactStoreFactory stores) {
        return system.systemActorOf(behavior(settings, stores), NODE_NAME, Props.empty());
    }

    /** The worker node for a guardian that prefers to spawn it as its own child. */
    public static Behavior<WorkerNode.Command> behavior(WorkerSettings settings) {
        return behavior(settings, HttpArtifactStore.factory(settings));
    }

    public static Behavior<WorkerNode.Command> behavior(WorkerSettings settings, ArtifactStoreFactory stores) {
        // Slots are what load ND4J: the native build is chosen here, before the first trial, and
        // only in processes that train (client commands and the orchestrator never load it).
        NativeVariant.apply();
        return WorkerNode.create(settings, stores);
    }
}
