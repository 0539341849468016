package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;

/** {@code /api/trials/{id}} and its metrics. */
final class TrialRoutes extends RouteSupport {

    private final LabStore store;

    TrialRoutes(ActorSystem<?> system, Executor blocking, AccessControl access, Duration askTimeout, LabStore store) {
        super(system, blocking, access, askTimeout);
        this.store = store;
    }

    void register(RouteTable table) {
        table.tag("trials");
        table.get("/api/trials/{id}").summary("One trial: stage, status, parameters, slot, latest metrics, objective")
                .returns(TrialView.class).handle(p -> completeWithFuture(offThread(() -> store.trial(p.getFirst())
                        .map(Responses::ok)
                        .orElseGet(() -> Responses.notFound("trial " + p.getFirst())))));
        table.get("/api/trials/{id}/metrics").summary("Every recorded metric point of one trial, by step")
                .returnsList(MetricPoint.class).handle(p -> readJson(() -> store.metrics(p.getFirst())));
    }
}
