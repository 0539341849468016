package org.transferlab.orchestrator;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.transferlab.orchestrator.artifact.UploadGrants;
import org.transferlab.orchestrator.experiment.ExperimentContext;
import org.transferlab.orchestrator.supervisor.Supervisor;

/**
 * The top actor of a node's orchestrator role: it starts the actors that live as long as the
 * node (the {@link Supervisor} as a cluster singleton, run on nodes with role
 * {@code orchestrator} and on the store dispatcher, and this node's proxy to it) and answers with
 * the proxy. Exists so that the actor wiring lives in one behavior, apart from the start-up of
 * the store and the HTTP server in {@link Orchestrator}. The singleton's manager and proxy are
 * system actors owned by Pekko's {@link ClusterSingleton} extension; the guardian only asks for them.
 */
public final class Guardian {

    public sealed interface Command {}

    /** Replies with the ref every caller on this node uses to reach the supervisor. */
    public record GetSupervisor(ActorRef<ActorRef<Supervisor.Command>> replyTo) implements Command {}

    private Guardian() {}

    /** @param grants where the upload rights of assigned work are issued and withdrawn (the API checks them) */
    public static Behavior<Command> create(ExperimentContext deps, UploadGrants grants) {
        return Behaviors.setup(context -> {
            ActorRef<Supervisor.Command> supervisor = ClusterSingleton.get(context.getSystem()).init(
                    SingletonActor.of(Supervisor.create(deps, grants), "supervisor")
                            .withProps(Props.empty().withDispatcherFromConfig("transferlab.store-dispatcher"))
                            .withSettings(ClusterSingletonSettings.create(context.getSystem()).withRole("orchestrator")));
            return Behaviors.receive(Command.class)
                    .onMessage(GetSupervisor.class, m -> {
                        m.replyTo().tell(supervisor);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
