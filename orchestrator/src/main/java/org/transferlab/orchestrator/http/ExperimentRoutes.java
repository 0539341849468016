package org.transferlab.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.InvalidSpecException;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.SubmitResult;

/** {@code /api/experiments}: submit, list, show, cancel, pause, resume; an experiment's trials and metrics. */
final class ExperimentRoutes extends RouteSupport {

    private final ActorRef<ToOrchestrator> supervisor;
    private final LabStore store;
    private final long maxSpecBytes;

    ExperimentRoutes(ActorSystem<?> system, Executor blocking, ApiToken token, Duration askTimeout,
            ActorRef<ToOrchestrator> supervisor, LabStore store, long maxSpecBytes) {
        super(system, blocking, token, askTimeout);
        this.supervisor = supervisor;
        this.store = store;
        this.maxSpecBytes = maxSpecBytes;
    }

    Route routes() {
        return pathPrefix("experiments", () -> concat(
                pathEnd(() -> concat(
                        get(() -> readJson(store::listExperiments)),
                        post(() -> authorized(this::submit)))),
                pathPrefix(segment(), id -> concat(
                        pathEnd(() -> get(() -> completeWithFuture(show(id)))),
                        path("trials", () -> get(() -> readJson(() -> store.trials(id)))),
                        path("metrics", () -> get(() -> readJson(() -> store.experimentMetrics(id)))),
                        path("artifacts", () -> get(() -> readJson(() -> store.artifacts(id)))),
                        path("cancel", () -> post(() -> authorized(() -> completeWithFuture(cancel(id))))),
                        path("pause", () -> post(() -> authorized(() -> completeWithFuture(control(id,
                                replyTo -> new Supervisor.PauseExperiment(id, replyTo)))))),
                        path("resume", () -> post(() -> authorized(() -> completeWithFuture(control(id,
                                replyTo -> new Supervisor.ResumeExperiment(id, replyTo))))))))));
    }

    private Route submit() {
        return withSizeLimit(maxSpecBytes, () -> entity(Unmarshaller.entityToString(), text -> {
            ExperimentSpec spec;
            try {
                spec = SpecCodec.parse(text);
            } catch (InvalidSpecException e) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST, "invalid spec: " + e.getMessage(), e.errors()));
            }
            CompletionStage<SubmitResult> reply = AskPattern.ask(supervisor,
                    replyTo -> new Supervisor.SubmitExperiment(spec, replyTo), askTimeout, system.scheduler());
            return completeWithFuture(reply.thenApply(r -> Responses.json(StatusCodes.CREATED, r)));
        }));
    }

    private CompletionStage<HttpResponse> show(String id) {
        return offThread(() -> store.experiment(id)
                .map(Responses::ok)
                .orElseGet(() -> Responses.notFound("experiment " + id)));
    }

    /** Pause or resume: 404 for an experiment that was never submitted, 409 for one not in the right state. */
    private CompletionStage<HttpResponse> control(String id,
            org.apache.pekko.japi.function.Function<ActorRef<ControlReply>, ToOrchestrator> request) {
        return offThread(() -> store.experiment(id).isPresent()).thenCompose(exists -> exists
                ? AskPattern.ask(supervisor, request, askTimeout, system.scheduler()).thenApply(Responses::control)
                : java.util.concurrent.CompletableFuture.completedFuture(Responses.notFound("experiment " + id)));
    }

    private CompletionStage<HttpResponse> cancel(String id) {
        CompletionStage<Boolean> reply = AskPattern.ask(supervisor,
                replyTo -> new Supervisor.CancelExperiment(id, replyTo), askTimeout, system.scheduler());
        return reply.thenApply(done -> done
                ? Responses.json(StatusCodes.ACCEPTED, java.util.Map.of("id", id, "status", "CANCELLED"))
                : Responses.error(StatusCodes.CONFLICT, "experiment " + id + " is not running (unknown or already finished)"));
    }
}
