package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.Database;
import org.transferlab.orchestrator.store.SlotUsage;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.WorkerView;

/**
 * {@code /api/cluster/slots} and {@code /api/cluster/workers} (live from the supervisor, with each
 * slot's utilisation over the last {@link #USAGE_WINDOW} from the store), {@code /health} and
 * Prometheus text at {@code /metrics} (written by {@link OrchestratorMetrics}).
 */
final class ClusterRoutes extends RouteSupport {

    static final Duration USAGE_WINDOW = Duration.ofMinutes(5);

    private final ActorRef<Supervisor.Command> supervisor;
    private final OrchestratorMetrics metrics;
    private final SlotUsage usage;
    private final Database database;

    ClusterRoutes(Context context, ActorRef<Supervisor.Command> supervisor, EventLog events, EventRate rate, SlotUsage usage,
            Database database) {
        super(context);
        this.supervisor = supervisor;
        this.metrics = new OrchestratorMetrics(events, rate);
        this.usage = usage;
        this.database = database;
    }

    void register(RouteTable table) {
        table.tag("cluster");
        table.get("/api/cluster/slots").summary("Worker slots: node, device, state, running trial, utilisation over the last 5 minutes")
                .returnsList(SlotView.class).handle(() -> completeWithFuture(slots().thenApply(Responses::ok)));
        table.get("/api/cluster/workers").summary("Worker nodes with their slot count, running trials, devices and utilisation")
                .returnsList(WorkerView.class).handle(() -> completeWithFuture(slots().thenApply(s -> Responses.ok(workers(s)))));
        table.tag("operations");
        table.get("/health").summary("200 {status: ok, store: ok} while the API serves and the store takes writes; "
                        + "503 {status: unavailable, store: unavailable, problem} while it does not (disk full, database down)")
                .access(RouteTable.Access.PUBLIC).also(503, "the store is unavailable").handle(() -> completeWithFuture(health()));
        table.get("/metrics").summary("Prometheus text: queue length, running trials, slots and their utilisation, events/s, SSE subscribers, JVM memory, threads, CPU and uptime")
                .access(RouteTable.Access.PUBLIC).media("text/plain").handle(() -> completeWithFuture(prometheus()));
    }

    /** The store's real state, probed now (a full disk or a closed database answers 503). */
    private CompletionStage<HttpResponse> health() {
        return offThread(database::health).toCompletableFuture()
                .completeOnTimeout(new Database.Health(false, "the store did not answer within " + askTimeout.toSeconds() + " s"),
                        askTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(h -> h.available()
                        ? Responses.ok(Map.of("status", "ok", "store", "ok"))
                        : Responses.json(StatusCodes.SERVICE_UNAVAILABLE,
                                Map.of("status", "unavailable", "store", "unavailable", "problem", h.problem())));
    }

    private CompletionStage<List<SlotView>> slots() {
        CompletionStage<List<SlotView>> live = AskPattern.ask(supervisor, Supervisor.GetSlots::new, askTimeout, system.scheduler());
        return live.thenCompose(list -> offThread(() -> {
            Map<String, Long> busy = usage.busyMillis(USAGE_WINDOW, Instant.now());
            return list.stream().map(s -> {
                long ms = busy.getOrDefault(s.slotId(), 0L);
                return s.withUsage(Math.min(1.0, ms / (double) USAGE_WINDOW.toMillis()), ms / 1000);
            }).toList();
        }));
    }

    static List<WorkerView> workers(List<SlotView> slots) {
        Map<String, List<SlotView>> byNode = new LinkedHashMap<>();
        slots.forEach(s -> byNode.computeIfAbsent(s.node(), n -> new ArrayList<>()).add(s));
        return byNode.entrySet().stream().map(e -> new WorkerView(e.getKey(), e.getValue().size(),
                (int) e.getValue().stream().filter(s -> s.trialId() != null).count(),
                List.copyOf(new TreeSet<>(e.getValue().stream().map(SlotView::device).toList())),
                e.getValue().stream().mapToDouble(s -> s.utilisation() == null ? 0 : s.utilisation()).average().orElse(0)))
                .toList();
    }

    private CompletionStage<HttpResponse> prometheus() {
        CompletionStage<Supervisor.Stats> stats = AskPattern.ask(supervisor, Supervisor.GetStats::new, askTimeout, system.scheduler());
        return stats.thenCombine(slots(), (s, slots) ->
                HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape(s, slots))));
    }
}
