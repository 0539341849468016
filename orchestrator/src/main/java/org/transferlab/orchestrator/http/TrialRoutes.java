package org.transferlab.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;
import org.transferlab.orchestrator.store.LabStore;

/** {@code /api/trials/{id}} and its metrics. */
final class TrialRoutes extends RouteSupport {

    private final LabStore store;

    TrialRoutes(ActorSystem<?> system, Executor blocking, ApiToken token, Duration askTimeout, LabStore store) {
        super(system, blocking, token, askTimeout);
        this.store = store;
    }

    Route routes() {
        return pathPrefix("trials", () -> pathPrefix(segment(), id -> concat(
                pathEnd(() -> get(() -> completeWithFuture(offThread(() -> store.trial(id)
                        .map(Responses::ok)
                        .orElseGet(() -> Responses.notFound("trial " + id)))))),
                path("metrics", () -> get(() -> readJson(() -> store.metrics(id)))))));
    }
}
