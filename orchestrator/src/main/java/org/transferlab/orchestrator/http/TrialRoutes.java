package org.transferlab.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.view.TrialView;

/** {@code /api/trials/{id}}, its metrics, and stopping it. */
final class TrialRoutes extends RouteSupport {

    private final LabStore store;
    private final ActorRef<ToOrchestrator> supervisor;

    TrialRoutes(ActorSystem<?> system, Executor blocking, ApiToken token, Duration askTimeout, LabStore store,
            ActorRef<ToOrchestrator> supervisor) {
        super(system, blocking, token, askTimeout);
        this.store = store;
        this.supervisor = supervisor;
    }

    Route routes() {
        return pathPrefix("trials", () -> pathPrefix(segment(), id -> concat(
                pathEnd(() -> get(() -> completeWithFuture(offThread(() -> store.trial(id)
                        .map(Responses::ok)
                        .orElseGet(() -> Responses.notFound("trial " + id)))))),
                path("metrics", () -> get(() -> readJson(() -> store.metrics(id)))),
                path("stop", () -> post(() -> authorized(() -> completeWithFuture(stop(id))))))));
    }

    /** 202 {id, status}: STOPPED for a trial that had not started, STOPPING for one finishing its epoch. */
    private CompletionStage<HttpResponse> stop(String id) {
        return offThread(() -> store.trial(id)).thenCompose((Optional<TrialView> trial) -> trial.isEmpty()
                ? CompletableFuture.completedFuture(Responses.notFound("trial " + id))
                : AskPattern.<ToOrchestrator, ControlReply>ask(supervisor,
                        replyTo -> new Supervisor.StopTrial(trial.get().experimentId(), id, replyTo),
                        askTimeout, system.scheduler()).thenApply(Responses::control));
    }
}
