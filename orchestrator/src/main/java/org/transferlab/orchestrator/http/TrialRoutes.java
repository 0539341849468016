package org.transferlab.orchestrator.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;

/** {@code /api/trials/{id}}, its metrics, and stopping it. */
final class TrialRoutes extends RouteSupport {

    private final LabStore store;
    private final ActorRef<Supervisor.Command> supervisor;

    TrialRoutes(Context context, LabStore store, ActorRef<Supervisor.Command> supervisor) {
        super(context);
        this.store = store;
        this.supervisor = supervisor;
    }

    void register(RouteTable table) {
        table.tag("trials");
        table.get("/api/trials/{id}").summary("One trial: stage, status, parameters, slot, latest metrics, objective")
                .returns(TrialView.class).handle(p -> completeWithFuture(offThread(() -> store.trials().find(p.getFirst())
                        .map(Responses::ok)
                        .orElseGet(() -> Responses.notFound("trial " + p.getFirst())))));
        table.get("/api/trials/{id}/metrics").summary("Every recorded metric point of one trial, by step")
                .returnsList(MetricPoint.class).handle(p -> readJson(() -> store.metrics().ofTrial(p.getFirst())));
        table.post("/api/trials/{id}/stop").summary("Stop one trial: 202 {id, status} (STOPPED if it had not started, STOPPING while it finishes its epoch)")
                .access(RouteTable.Access.WRITE).status(202).also(409, "the trial is already finished")
                .handle(p -> completeWithFuture(stop(p.getFirst())));
    }

    private CompletionStage<HttpResponse> stop(String id) {
        return offThread(() -> store.trials().find(id)).thenCompose((Optional<TrialView> trial) -> trial.isEmpty()
                ? CompletableFuture.completedFuture(Responses.notFound("trial " + id))
                : AskPattern.<Supervisor.Command, ControlReply>ask(supervisor,
                        replyTo -> new Supervisor.StopTrial(trial.get().experimentId(), id, replyTo),
                        askTimeout, system.scheduler()).thenApply(Responses::control));
    }
}
