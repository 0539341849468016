package org.transferlab.orchestrator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.orchestrator.artifact.ArtifactFiles;
import org.transferlab.orchestrator.artifact.UploadGrants;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.experiment.ExperimentContext;
import org.transferlab.orchestrator.http.ApiServer;
import org.transferlab.orchestrator.http.ApiToken;
import org.transferlab.orchestrator.store.Database;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.supervisor.Supervisor;

/**
 * The orchestrator role of a node: opens the store, starts the {@link Guardian} (which runs the
 * supervisor as a cluster singleton on nodes with role {@code orchestrator}) and binds the HTTP
 * API. The actor system must be a cluster node; {@code tlab standalone} makes it a single-node
 * cluster.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    /** Name of the {@link Guardian} among the system's top actors. */
    static final String GUARDIAN_NAME = "transferlab-orchestrator";

    private final Database database;
    private final LabStore store;
    private final ApiToken token;
    private final ServerBinding binding;
    private final ActorRef<Supervisor.Command> supervisor;

    private Orchestrator(Database database, LabStore store, ApiToken token, ServerBinding binding,
            ActorRef<Supervisor.Command> supervisor) {
        this.database = database;
        this.store = store;
        this.token = token;
        this.binding = binding;
        this.supervisor = supervisor;
    }

    public static Orchestrator start(ActorSystem<?> system, OrchestratorSettings settings) {
        DataDirectory.secure(settings.dataDir());
        Database database = Database.open(settings.store());
        LabStore store = new LabStore(database);
        EventLog events = new EventLog(store);
        UploadGrants grants = new UploadGrants();
        ArtifactFiles artifacts = new ArtifactFiles(settings.dataDir().resolve("artifacts"), store.artifacts(), grants);
        ApiToken token = ApiToken.resolve(settings.apiToken(), settings.dataDir());
        DataDirectory.secure(settings.dataDir()); // the files the store and the token just created
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("transferlab.store-dispatcher"));

        CompletableFuture<String> artifactBase = new CompletableFuture<>();
        var batching = system.settings().config().getConfig("transferlab.orchestrator");
        ExperimentContext deps = new ExperimentContext(store, events, artifactBase,
                batching.getDuration("result-flush-interval"), batching.getInt("result-batch-size"),
                batching.getDuration("store-retry-min-backoff"), batching.getDuration("store-retry-max-backoff"));
        ActorRef<Guardian.Command> guardian = system.systemActorOf(Guardian.create(deps, grants), GUARDIAN_NAME, Props.empty());
        ActorRef<Supervisor.Command> supervisor = supervisorOf(system, guardian, settings.askTimeout(), database);

        ApiServer api = new ApiServer(system, settings, blocking, token, supervisor, store, events, artifacts);
        ServerBinding binding;
        try {
            binding = api.bind(system, settings.httpHost(), settings.httpPort()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            database.close();
            throw new IllegalStateException("cannot bind the API to " + settings.httpHost() + ":" + settings.httpPort()
                    + " (" + rootMessage(e) + "); is another TransferLab running? set transferlab.http.port or TLAB_HTTP_PORT", e);
        }
        int port = binding.localAddress().getPort();
        String publicUrl = settings.publicUrl().isBlank() ? "http://" + reachable(settings.httpHost()) + ":" + port : settings.publicUrl();
        artifactBase.complete(publicUrl.replaceAll("/$", "") + "/api/artifacts");
        log.info("TransferLab API listening on http://{}:{} (store {})", settings.httpHost(), port, database.url());
        return new Orchestrator(database, store, token, binding, supervisor);
    }

    private static ActorRef<Supervisor.Command> supervisorOf(ActorSystem<?> system, ActorRef<Guardian.Command> guardian,
            Duration timeout, Database database) {
        try {
            return AskPattern.ask(guardian, Guardian.GetSupervisor::new, timeout, system.scheduler())
                    .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            database.close();
            throw new IllegalStateException("the orchestrator's actors did not start (" + rootMessage(e) + ")", e);
        }
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    /** The API's address as seen from this machine. */
    public String url() {
        return "http://" + reachable(binding.localAddress().getHostString()) + ":" + port();
    }

    /** A wildcard bind address is reached through loopback from the same machine. */
    private static String reachable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0") ? "127.0.0.1" : host;
    }

    public String token() {
        return token.value();
    }

    public LabStore store() {
        return store;
    }

    public ActorRef<Supervisor.Command> supervisor() {
        return supervisor;
    }

    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("API did not stop cleanly: {}", rootMessage(e));
        }
        database.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
