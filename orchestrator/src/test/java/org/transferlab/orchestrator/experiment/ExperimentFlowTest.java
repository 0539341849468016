package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnTestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * A synthetic sweep through the real supervisor, experiment actor, store and HTTP API, with a
 * TestProbe playing the worker slot so every message the orchestrator sends can be checked.
 */
class ExperimentFlowTest extends OnTestLab {

    private static final String SPEC = """
            name: flow
            kind: synthetic
            seed: 3
            search:
              algorithm: grid
              trials: 10
              maxConcurrent: 1
              space:
                x: {type: choice, values: [0.1, 0.3]}
                y: {type: choice, values: [-0.2]}
            """;

    @Test
    void sweep_runs_every_grid_point_records_metrics_once_and_completes() throws Exception {
        HttpResponse<String> submitted = lab.post("/api/experiments", SPEC, "test-token");
        assertEquals(201, submitted.statusCode(), submitted.body());
        SubmitResult result = Json.read(submitted.body(), SubmitResult.class);
        assertEquals(2, result.plannedTrials());

        TestProbe<ToSlot> slot = TestProbe.create(lab.kit.system());
        for (int i = 0; i < 2; i++) {
            lab.workers().tell(new RequestWork("slot-a", "test-node", "cpu", slot.getRef()));
            WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();
            assertEquals(StageKind.SYNTHETIC, work.stage());
            assertTrue(work.artifactBaseUrl().endsWith("/api/artifacts"), work.artifactBaseUrl());
            for (int epoch = 1; epoch <= 2; epoch++) {
                ReportProgress p = new ReportProgress(work.workId(), "slot-a", epoch,
                        Map.of("val_accuracy", 0.1 * epoch + work.config().synthetic().x()), System.currentTimeMillis(), slot.getRef());
                lab.workers().tell(p);
                Decision d = slot.expectMessageClass(Decision.class);
                assertFalse(d.stop());
                if (epoch == 2) {
                    // a duplicate report (e.g. a retry) must not be stored twice
                    lab.workers().tell(p);
                    slot.expectMessageClass(Decision.class);
                }
            }
            lab.workers().tell(new ReportCompleted(work.workId(), "slot-a",
                    new WorkResult(Map.of("val_accuracy", 0.2 + work.config().synthetic().x()), Map.of(), false)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> experiment(result.id()).status() == ExperimentStatus.COMPLETED);
        ExperimentView done = experiment(result.id());
        assertEquals(2, done.trialsDone());
        assertEquals(0.5, done.bestValue(), 1e-9);

        List<TrialView> trials = List.of(Json.mapper().readValue(lab.get("/api/experiments/" + result.id() + "/trials").body(), TrialView[].class));
        assertEquals(List.of(0.1, 0.3), trials.stream().map(t -> ((Number) t.params().get("x")).doubleValue()).toList());
        for (TrialView t : trials) {
            List<MetricPoint> points = List.of(Json.mapper().readValue(lab.get("/api/trials/" + t.id() + "/metrics").body(), MetricPoint[].class));
            assertEquals(List.of(1, 2), points.stream().map(MetricPoint::step).toList(), "one row per epoch, no duplicate");
        }
    }

    @Test
    void a_trial_that_uses_its_whole_budget_under_asha_is_not_told_to_stop() throws Exception {
        String asha = SPEC.replace("values: [0.1, 0.3]", "values: [0.1]")
                + "train: {epochs: 2}\nscheduler: {type: asha, gracePeriod: 1, reductionFactor: 3}\n";
        SubmitResult result = Json.read(lab.post("/api/experiments", asha, "test-token").body(), SubmitResult.class);
        TestProbe<ToSlot> slot = TestProbe.create(lab.kit.system());
        lab.workers().tell(new RequestWork("slot-a", "test-node", "cpu", slot.getRef()));
        WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();
        for (int epoch = 1; epoch <= 2; epoch++) {
            lab.workers().tell(new ReportProgress(work.workId(), "slot-a", epoch,
                    Map.of("val_accuracy", 0.2 * epoch), System.currentTimeMillis(), slot.getRef()));
            assertFalse(slot.expectMessageClass(Decision.class).stop(), "epoch " + epoch + " of 2 continues");
        }
        lab.workers().tell(new ReportCompleted(work.workId(), "slot-a",
                new WorkResult(Map.of("val_accuracy", 0.4), Map.of(), false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> experiment(result.id()).status() == ExperimentStatus.COMPLETED);
        String events = lab.get("/api/experiments/" + result.id() + "/event-log").body();
        assertFalse(events.contains("trial.decision"), events);
    }

    @Test
    void event_stream_replays_history_and_ends_with_the_experiment() throws Exception {
        SubmitResult result = Json.read(lab.post("/api/experiments", SPEC.replace("values: [0.1, 0.3]", "values: [0.1]"), "test-token").body(),
                SubmitResult.class);
        TestProbe<ToSlot> slot = TestProbe.create(lab.kit.system());
        lab.workers().tell(new RequestWork("slot-a", "test-node", "cpu", slot.getRef()));
        WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();
        lab.workers().tell(new ReportProgress(work.workId(), "slot-a", 1, Map.of("val_accuracy", 0.4),
                System.currentTimeMillis(), slot.getRef()));
        slot.expectMessageClass(Decision.class);
        lab.workers().tell(new ReportCompleted(work.workId(), "slot-a",
                new WorkResult(Map.of("val_accuracy", 0.4), Map.of(), false)));

        HttpResponse<String> sse = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(lab.orchestrator.url() + "/api/experiments/" + result.id() + "/events"))
                        .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("text/event-stream", sse.headers().firstValue("content-type").orElse(""));
        List<String> types = sse.body().lines().filter(l -> l.startsWith("event:"))
                .map(l -> l.substring(6).strip()).collect(Collectors.toList());
        assertEquals(List.of("experiment.started", "trial.queued", "trial.started", "trial.metrics",
                "trial.completed", "experiment.completed"), types);
    }

    private ExperimentView experiment(String id) throws Exception {
        return Json.read(lab.get("/api/experiments/" + id).body(), ExperimentView.class);
    }
}
