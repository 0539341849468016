package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.view.SlotView;

/** {@code /api/cluster/slots}, {@code /health} and Prometheus text at {@code /metrics}. */
final class ClusterRoutes extends RouteSupport {

    private final ActorRef<ToOrchestrator> supervisor;
    private final EventLog events;

    ClusterRoutes(ActorSystem<?> system, Executor blocking, ApiToken token, Duration askTimeout,
            ActorRef<ToOrchestrator> supervisor, EventLog events) {
        super(system, blocking, token, askTimeout);
        this.supervisor = supervisor;
        this.events = events;
    }

    Route apiRoutes() {
        return path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("cluster").slash("slots"), () -> get(() -> {
            CompletionStage<List<SlotView>> slots = AskPattern.ask(supervisor, Supervisor.GetSlots::new, askTimeout, system.scheduler());
            return completeWithFuture(slots.thenApply(Responses::ok));
        }));
    }

    Route rootRoutes() {
        return concat(
                path("health", () -> get(() -> complete(Responses.ok(java.util.Map.of("status", "ok"))))),
                path("metrics", () -> get(() -> completeWithFuture(prometheus()))));
    }

    private CompletionStage<HttpResponse> prometheus() {
        CompletionStage<Supervisor.Stats> stats = AskPattern.ask(supervisor, Supervisor.GetStats::new, askTimeout, system.scheduler());
        return stats.thenApply(s -> {
            String text = """
                    # HELP tlab_queue_length Units of work waiting for a slot.
                    # TYPE tlab_queue_length gauge
                    tlab_queue_length %d
                    # HELP tlab_running_trials Units of work running on slots.
                    # TYPE tlab_running_trials gauge
                    tlab_running_trials %d
                    # HELP tlab_slots Worker slots known to the orchestrator.
                    # TYPE tlab_slots gauge
                    tlab_slots %d
                    # HELP tlab_slots_idle Worker slots waiting for work.
                    # TYPE tlab_slots_idle gauge
                    tlab_slots_idle %d
                    # HELP tlab_active_experiments Experiments being run.
                    # TYPE tlab_active_experiments gauge
                    tlab_active_experiments %d
                    # HELP tlab_sse_subscribers Live event stream subscribers.
                    # TYPE tlab_sse_subscribers gauge
                    tlab_sse_subscribers %d
                    """.formatted(s.queued(), s.running(), s.slots(), s.idleSlots(), s.experiments(), events.subscriberCount());
            return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, text));
        });
    }
}
