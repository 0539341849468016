package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;

/** Pause and resume, stopping one trial, retries and the wall-clock budget, over the real API. */
class ControlFlowTest extends OnProbeSlots {

    static final String SWEEP = """
            name: control
            kind: synthetic
            seed: 1
            train: {epochs: 3}
            limits: {maxRetries: 1}
            search:
              algorithm: grid
              trials: 3
              maxConcurrent: 2
              space:
                x: {type: choice, values: [0.1, 0.2, 0.3]}
            """;

    @Test
    void pause_stops_dispatch_and_running_trials_resume_from_their_checkpoint() throws Exception {
        String id = slots.submit(SWEEP);
        ProbeSlot a = slots.slot("a");
        ProbeSlot b = slots.slot("b");
        WorkItem first = a.take();
        WorkItem second = b.take();
        assertFalse(a.progress(first, 1, 0.3).stop());
        a.checkpoint(first, 1, "ckpt-first-1");
        assertFalse(b.progress(second, 1, 0.2).stop());

        assertControl(post("/api/experiments/" + id + "/pause"), 202, id, "PAUSED");
        assertEquals(409, post("/api/experiments/" + id + "/pause").statusCode(), "already paused");
        // Both running trials are asked to stop after their epoch.
        assertTrue(a.expectDecision().stop());
        assertTrue(b.expectDecision().stop());
        a.finish(first, 0.3, Map.of(), true);
        b.finish(second, 0.2, Map.of(), true);
        a.expectNothing(); // paused: the third trial is not handed out
        b.expectNothing();
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.trial(first.trialId()).status() == TrialStatus.PAUSED);
        assertEquals(ExperimentStatus.PAUSED, slots.experiment(id).status());

        assertControl(post("/api/experiments/" + id + "/resume"), 202, id, "RUNNING");
        assertEquals(409, post("/api/experiments/" + id + "/resume").statusCode(), "not paused any more");
        WorkItem resumedA = a.take();
        WorkItem resumedB = b.take();
        WorkItem firstAgain = resumedA.trialId().equals(first.trialId()) ? resumedA : resumedB;
        WorkItem secondAgain = firstAgain == resumedA ? resumedB : resumedA;
        ProbeSlot onFirst = firstAgain == resumedA ? a : b;
        ProbeSlot onSecond = firstAgain == resumedA ? b : a;
        assertEquals(first.trialId(), firstAgain.trialId(), "the same trial continues, no new one");
        assertEquals("ckpt-first-1", firstAgain.resumeFrom());
        assertEquals(second.trialId(), secondAgain.trialId());
        assertNull(secondAgain.resumeFrom(), "no checkpoint: it starts over");

        // The resumed trial reports only new epochs; the restarted one repeats epoch 1, stored once.
        for (int e = 2; e <= 3; e++) {
            onFirst.progress(firstAgain, e, 0.3 + e / 10.0);
        }
        onFirst.complete(firstAgain, 0.6, Map.of());
        for (int e = 1; e <= 3; e++) {
            onSecond.progress(secondAgain, e, 0.2 + e / 10.0);
        }
        onSecond.complete(secondAgain, 0.5, Map.of());
        WorkItem third = onFirst.take();
        onFirst.complete(third, 0.1, Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        for (String trial : List.of(first.trialId(), second.trialId())) {
            List<MetricPoint> points = List.of(Json.mapper().readValue(lab.get("/api/trials/" + trial + "/metrics").body(), MetricPoint[].class));
            assertEquals(List.of(1, 1, 2, 2, 3, 3), points.stream().map(MetricPoint::step).toList(), trial);
        }
        List<String> types = slots.eventTypes(id);
        assertTrue(types.containsAll(List.of("experiment.paused", "trial.paused", "experiment.resumed", "trial.resumed")), types.toString());
        assertEquals(3, slots.trials(id).size());
    }

    @Test
    void stopping_one_trial_ends_it_queued_or_running_and_the_sweep_goes_on() throws Exception {
        String id = slots.submit(SWEEP);
        ProbeSlot a = slots.slot("a");
        WorkItem running = a.take();
        // maxConcurrent 2 with one slot: the second trial waits in the queue.
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.trials(id).size() == 2);
        String queued = slots.trials(id).get(1).id();

        // STOPPING until the supervisor confirms it took the attempt back from its queue
        assertControl(post("/api/trials/" + queued + "/stop"), 202, queued, "STOPPING");
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.trial(queued).status() == TrialStatus.STOPPED);
        assertEquals(409, post("/api/trials/" + queued + "/stop").statusCode(), "already ended");
        assertEquals(404, post("/api/trials/nope/stop").statusCode());
        assertEquals(401, lab.post("/api/trials/" + running.trialId() + "/stop", "", null).statusCode());

        assertControl(post("/api/trials/" + running.trialId() + "/stop"), 202, running.trialId(), "STOPPING");
        Decision stop = a.expectDecision();
        assertTrue(stop.stop());
        assertEquals(running.workId(), stop.workId());
        assertTrue(a.progress(running, 1, 0.4).stop(), "every later report is answered with stop too");
        a.finish(running, 0.4, Map.of(), true);

        WorkItem third = a.take();
        a.complete(third, 0.5, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        TrialView stopped = slots.trial(running.trialId());
        assertEquals(TrialStatus.STOPPED, stopped.status());
        assertEquals("stopped by request", stopped.message());
        assertEquals(0.4, stopped.objective(), 1e-9, "a stopped trial keeps its result");
        assertEquals(3, slots.experiment(id).trialsDone());
    }

    @Test
    void a_failed_trial_is_retried_from_its_checkpoint_up_to_max_retries_then_fails_with_its_cause() throws Exception {
        String id = slots.submit(SWEEP.replace("maxConcurrent: 2", "maxConcurrent: 1"));
        ProbeSlot a = slots.slot("a");
        WorkItem attempt1 = a.take();
        a.progress(attempt1, 1, 0.2);
        a.checkpoint(attempt1, 1, "ckpt-1");
        a.fail(attempt1, "IOException: disk hiccup");
        WorkItem attempt2 = a.take();
        assertEquals(attempt1.trialId(), attempt2.trialId());
        assertEquals("ckpt-1", attempt2.resumeFrom());
        a.fail(attempt2, "IOException: disk hiccup");

        for (int i = 0; i < 2; i++) {
            WorkItem next = a.take();
            assertFalse(next.trialId().equals(attempt1.trialId()), "no third attempt");
            a.complete(next, 0.5, Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        TrialView failed = slots.trial(attempt1.trialId());
        assertEquals(TrialStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("IOException: disk hiccup") && failed.message().contains("maxRetries"), failed.message());
        assertEquals(2, failed.attempts());
        assertTrue(slots.experiment(id).message().contains("1 trial(s) failed"), slots.experiment(id).message());
        assertEquals(1, slots.eventTypes(id).stream().filter("trial.retried"::equals).count());
    }

    @Test
    void the_wall_clock_budget_stops_running_trials_cancels_queued_ones_and_completes() throws Exception {
        // The slot waits before the experiment exists, so its first trial is handed out at once.
        ProbeSlot a = slots.slot("a");
        String id = slots.submit(SWEEP.replace("limits: {maxRetries: 1}", "limits: {wallClockSeconds: 2}"));
        WorkItem running = a.take();
        a.progress(running, 1, 0.25);
        Decision stop = a.expectDecision(); // sent when the budget is spent, after about two seconds
        assertTrue(stop.stop());
        assertTrue(stop.reason().contains("wall-clock"), stop.reason());
        a.finish(running, 0.25, Map.of(), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, slots.experiment(id).status(), slots.experiment(id).message() + " " + slots.eventTypes(id));
        List<TrialView> trials = slots.trials(id);
        assertEquals(List.of(TrialStatus.STOPPED, TrialStatus.CANCELLED), trials.stream().map(TrialView::status).toList());
        assertTrue(slots.experiment(id).message().contains("wall-clock budget of 2 s reached"), slots.experiment(id).message());
        assertTrue(slots.eventTypes(id).contains("experiment.limit"));
        a.expectNothing();
    }

    @Test
    void control_routes_need_the_token_and_name_unknown_experiments() throws Exception {
        assertEquals(401, lab.post("/api/experiments/x/pause", "", null).statusCode());
        assertEquals(404, post("/api/experiments/unknown/pause").statusCode());
        assertEquals(404, post("/api/experiments/unknown/resume").statusCode());
    }

    private java.net.http.HttpResponse<String> post(String path) throws Exception {
        return lab.post(path, "", "test-token");
    }

    private static void assertControl(java.net.http.HttpResponse<String> response, int code, String id, String status) throws Exception {
        assertEquals(code, response.statusCode(), response.body());
        Map<?, ?> body = Json.read(response.body(), Map.class);
        assertEquals(id, body.get("id"));
        assertEquals(status, body.get("status"));
    }
}
