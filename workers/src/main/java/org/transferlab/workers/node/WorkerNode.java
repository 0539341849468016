package org.transferlab.workers.node;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.run.ArtifactStoreFactory;
import org.transferlab.workers.slot.Slot;

/**
 * A machine's worker presence: it spawns one {@link Slot} per configured slot and keeps them
 * pointed at the orchestrator the Receptionist lists under {@link WorkerProtocol#ORCHESTRATOR_KEY}.
 * Until one is listed the slots wait; when it appears or moves (singleton hand-over), idle slots
 * ask it for work and busy ones report to it from then on. Should the listing briefly hold two
 * (old and new during a hand-over), every slot follows the same one, chosen by actor path.
 */
public final class WorkerNode extends AbstractBehavior<WorkerNode.Command> {

    public sealed interface Command {}

    private record OrchestratorsListed(Receptionist.Listing listing) implements Command {}

    private final List<ActorRef<Slot.Command>> slots;
    private Optional<ActorRef<ToOrchestrator>> orchestrator = Optional.empty();

    public static Behavior<Command> create(WorkerSettings settings, ArtifactStoreFactory stores) {
        return Behaviors.setup(context -> new WorkerNode(context, settings, stores));
    }

    private WorkerNode(ActorContext<Command> context, WorkerSettings settings, ArtifactStoreFactory stores) {
        super(context);
        String node = settings.nodeName().isBlank() ? context.getSystem().address().hostPort() : settings.nodeName();
        warnIfPoolTooSmall(context, settings);
        String threads = DeviceSlots.nativeThreadsMismatch(settings, System.getenv("OMP_NUM_THREADS"),
                Runtime.getRuntime().availableProcessors());
        if (threads != null) {
            context.getLog().warn(threads);
        }
        this.slots = IntStream.range(0, settings.slots())
                .mapToObj(i -> context.spawn(
                        Slot.create(new Slot.Identity("slot-" + i + "@" + node, node, settings.deviceOf(i)),
                                settings, stores),
                        "slot-" + i))
                .toList();
        ActorRef<Receptionist.Listing> listings =
                context.messageAdapter(Receptionist.Listing.class, OrchestratorsListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerProtocol.ORCHESTRATOR_KEY, listings));
        context.getLog().info("worker node {} offers {} slot(s) on {}", node, settings.slots(), settings.device());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(OrchestratorsListed.class, this::onOrchestratorsListed).build();
    }

    private Behavior<Command> onOrchestratorsListed(OrchestratorsListed message) {
        Optional<ActorRef<ToOrchestrator>> listed = message.listing()
                .getServiceInstances(WorkerProtocol.ORCHESTRATOR_KEY).stream()
                .min(Comparator.comparing(ref -> ref.path().toString()));
        if (!listed.equals(orchestrator)) {
            getContext().getLog().info("orchestrator is now {}", listed.map(ref -> ref.path().toString()).orElse("none"));
            orchestrator = listed;
            slots.forEach(slot -> slot.tell(new Slot.UseOrchestrator(listed)));
        }
        return this;
    }

    /** One training thread per slot, or slots queue behind each other without saying so. */
    private static void warnIfPoolTooSmall(ActorContext<Command> context, WorkerSettings settings) {
        String key = WorkerSettings.TRAINING_DISPATCHER + ".thread-pool-executor.fixed-pool-size";
        var config = context.getSystem().settings().config();
        if (config.hasPath(key) && config.getInt(key) < settings.slots()) {
            context.getLog().warn("{} is {} but this node runs {} slots: set it to at least the slot count", key,
                    config.getInt(key), settings.slots());
        }
    }
}
