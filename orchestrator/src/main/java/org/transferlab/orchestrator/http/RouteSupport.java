package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** What every routes class shares: the blocking executor for store reads and the token check. */
class RouteSupport extends AllDirectives {

    protected final ActorSystem<?> system;
    protected final Executor blocking;
    protected final ApiToken token;
    protected final Duration askTimeout;

    RouteSupport(ActorSystem<?> system, Executor blocking, ApiToken token, Duration askTimeout) {
        this.system = system;
        this.blocking = blocking;
        this.token = token;
        this.askTimeout = askTimeout;
    }

    /** Runs a blocking store read off the HTTP threads and answers with its JSON. */
    protected Route readJson(Supplier<Object> read) {
        return completeWithFuture(CompletableFuture.supplyAsync(read, blocking).thenApply(Responses::ok));
    }

    protected <T> CompletionStage<T> offThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }

    /** Lets the request through only with the bearer token; 401 otherwise. */
    protected Route authorized(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> token.accepts(header)
                ? inner.get()
                : complete(Responses.error(StatusCodes.UNAUTHORIZED,
                        "this call changes state and needs 'Authorization: Bearer <token>' "
                                + "(the token is in the orchestrator's data directory, file api-token, or TLAB_TOKEN)")));
    }
}
