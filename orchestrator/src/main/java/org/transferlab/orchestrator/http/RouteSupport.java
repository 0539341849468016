package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every routes class shares: the blocking executor for store reads and the access check. Each
 * routes class adds its routes to the {@link RouteTable} in {@code register}, which also documents them.
 */
class RouteSupport extends AllDirectives {

    protected final ActorSystem<?> system;
    protected final Executor blocking;
    protected final AccessControl access;
    protected final Duration askTimeout;

    /** What the API server hands every routes class: its actor system, the blocking executor, the access check and the ask timeout. */
    record Context(ActorSystem<?> system, Executor blocking, AccessControl access, Duration askTimeout) {}

    RouteSupport(Context context) {
        this.system = context.system();
        this.blocking = context.blocking();
        this.access = context.access();
        this.askTimeout = context.askTimeout();
    }

    /** Runs a blocking store read off the HTTP threads and answers with its JSON. */
    protected Route readJson(Supplier<Object> read) {
        return completeWithFuture(CompletableFuture.supplyAsync(read, blocking).thenApply(Responses::ok));
    }

    protected <T> CompletionStage<T> offThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }

    /** Lets the request through only with a token that may write; 401 or 403 otherwise (routes in the table get this from their access level). */
    protected Route authorized(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> access.guard(RouteTable.Access.WRITE, header, inner));
    }
}
