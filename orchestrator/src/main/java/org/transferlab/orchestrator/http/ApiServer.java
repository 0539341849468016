package org.transferlab.orchestrator.http;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.orchestrator.artifact.ArtifactFiles;
import org.transferlab.orchestrator.data.DatasetsOnDisk;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.SlotUsage;
import org.transferlab.orchestrator.store.TokenStore;
import org.transferlab.orchestrator.store.StoreException;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.web.HostAllowList;

/**
 * Assembles the routes and binds them. Every failure becomes JSON with a message a person can act
 * on: rejections keep their status, exceptions are mapped by kind, nothing leaks a stack trace.
 */
public final class ApiServer extends AllDirectives {

    /** Version of the API, as the OpenAPI document states it. */
    static final String VERSION = "1.0.0";

    private final Route route;
    private final RouteTable table = new RouteTable();

    public ApiServer(ActorSystem<?> system, OrchestratorSettings settings, Executor blocking, ApiToken token,
            ActorRef<Supervisor.Command> supervisor, LabStore store, EventLog events, ArtifactFiles artifacts) {
        this(system, settings, HttpSettings.from(system.settings().config()), blocking, token, supervisor, store, events, artifacts);
    }

    public ApiServer(ActorSystem<?> system, OrchestratorSettings settings, HttpSettings http, Executor blocking, ApiToken token,
            ActorRef<Supervisor.Command> supervisor, LabStore store, EventLog events, ArtifactFiles artifacts) {
        AccessControl access = new AccessControl(new TokenStore(store.database()), token, http.readsNeedToken());
        EventRate rate = new EventRate(events);
        RouteSupport.Context routes = new RouteSupport.Context(system, blocking, access, settings.askTimeout());
        Executor specChecks = system.dispatchers().lookup(DispatcherSelector.fromConfig("transferlab.spec-dispatcher"));
        new ExperimentRoutes(routes, supervisor, store, settings.maxSpecBytes(), settings.specLimits(), specChecks,
                artifacts, new DatasetsOnDisk(settings.datasetRoot())).register(table);
        new TrialRoutes(routes, store, supervisor).register(table);
        new EventRoutes(routes, store, events, settings.sseBuffer(), settings.sseKeepAlive(), http.sseBatch()).register(table);
        new ArtifactRoutes(routes, artifacts, settings.maxArtifactBytes()).register(table);
        new ClusterRoutes(routes, supervisor, events, rate, new SlotUsage(store.database()), store.database()).register(table);
        new TokenRoutes(routes).register(table);
        table.tag("operations");
        table.get("/api/openapi.json").summary("This document: every route of the API").access(RouteTable.Access.PUBLIC)
                .handle(() -> complete(Responses.ok(OpenApi.document(table, VERSION))));
        this.route = handleRejections(rejections(), () -> handleExceptions(exceptions(),
                () -> knownHost(http.allowedHosts(), () -> table.route(access))));
    }

    /**
     * Answers only requests whose {@code Host} is one the lab chose: a page whose DNS name was
     * rebound to this machine sends its own name, and gets 421 instead of the lab's data. A request
     * without a Host (HTTP/1.0, as the Docker health check sends) is answered: browsers always send one.
     */
    private Route knownHost(HostAllowList hosts, Supplier<Route> inner) {
        return optionalHeaderValueByName("Host", host -> host.isEmpty() || hosts.allows(host.get())
                ? inner.get()
                : complete(Responses.error(StatusCodes.MISDIRECTED_REQUEST, "this API does not answer to the host name '"
                        + host.orElse("") + "'; a lab reached under that name lists it in transferlab.http.allowed-hosts "
                        + "(TLAB_ALLOWED_HOSTS)")));
    }

    /** The routes this server answers (what its OpenAPI document lists). */
    List<RouteTable.Endpoint> endpoints() {
        return table.endpoints();
    }

    public CompletionStage<ServerBinding> bind(ActorSystem<?> system, String host, int port) {
        return Http.get(system).newServerAt(host, port).bind(route);
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder()
                .match(EntityStreamSizeException.class, e -> complete(Responses.error(StatusCodes.PAYLOAD_TOO_LARGE,
                        "request body too large: the limit is " + e.limit() + " bytes")))
                .match(TimeoutException.class, e -> complete(Responses.error(StatusCodes.SERVICE_UNAVAILABLE,
                        "the orchestrator did not answer in time; retry, and check its log if this persists")))
                .match(StoreException.class, e -> complete(Responses.error(StatusCodes.SERVICE_UNAVAILABLE, e.getMessage())))
                .match(java.util.concurrent.CompletionException.class, e -> complete(unwrap(e.getCause())))
                .matchAny(e -> complete(unwrap(e)))
                .build();
    }

    private static org.apache.pekko.http.javadsl.model.HttpResponse unwrap(Throwable e) {
        if (e instanceof EntityStreamSizeException s) {
            return Responses.error(StatusCodes.PAYLOAD_TOO_LARGE, "request body too large: the limit is " + s.limit() + " bytes");
        }
        if (e instanceof TimeoutException) {
            return Responses.error(StatusCodes.SERVICE_UNAVAILABLE, "the orchestrator did not answer in time; retry");
        }
        if (e instanceof StoreException) {
            return Responses.error(StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (org.transferlab.orchestrator.store.Database.diskFull(e)) {
            return Responses.error(StatusCodes.INSUFFICIENT_STORAGE, "no space left on the lab's disk: " + e.getMessage()
                    + "; free space under the data directory");
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Responses.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + message);
    }

    private RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handle(MalformedRequestContentRejection.class, r -> complete(
                        r.getCause() instanceof EntityStreamSizeException s
                                ? Responses.error(StatusCodes.PAYLOAD_TOO_LARGE, "request body too large: the limit is " + s.limit() + " bytes")
                                : Responses.error(StatusCodes.BAD_REQUEST, "malformed request body: " + r.message())))
                .handleNotFound(complete(Responses.error(StatusCodes.NOT_FOUND, "no such resource; see /api/openapi.json for the routes")))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(response -> {
                    if (response.entity().getContentType().equals(org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON)) {
                        return response;
                    }
                    String text = response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
                            ? strict.getData().utf8String() : response.status().reason();
                    return response.withEntity(org.apache.pekko.http.javadsl.model.HttpEntities.create(
                            org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON,
                            Json.write(new ApiError(response.status().intValue(), response.status().reason(), text, null))));
                });
    }
}
