package org.transferlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transferlab.client.FakeLabApi;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;

/** The client against a real HTTP server on port 0 that speaks the API contract. */
class LabApiClientTest {

    private FakeLabApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeLabApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private LabApiClient client(String token) {
        return new LabApiClient(api.url(), token);
    }

    @Test
    void reads_the_comparison_with_the_baseline_as_the_api_sends_it() {
        LabApiClient client = client(null);
        Comparison seeds = client.comparison("exp-seeds");
        assertEquals(TrialStage.FINETUNE, seeds.method());
        assertEquals(TrialStage.FROM_SCRATCH, seeds.baseline());
        assertEquals(List.of(42, 43, 44), seeds.pairs().stream().map(Comparison.Pair::seed).toList());
        assertEquals(List.of("finetune − network from scratch (val_accuracy): +6.3 pts [4.9, 7.8], 3 seeds",
                "finetune − network from scratch (test_accuracy): +5.7 pts [2.8, 8.5], 3 seeds"), seeds.lines());
        assertFalse(client.comparison(FakeLabApi.EXPERIMENT_ID).hasBaseline());
    }

    @Test
    void reads_experiments_trials_and_metrics() {
        LabApiClient client = client(null);
        assertEquals(List.of(FakeLabApi.EXPERIMENT_ID, "exp-gtl", "exp-distill", "exp-seeds"),
                client.experiments().stream().map(e -> e.id()).toList());
        assertEquals(ExperimentStatus.RUNNING, client.experiment(FakeLabApi.EXPERIMENT_ID).status());
        List<TrialView> trials = client.trials(FakeLabApi.EXPERIMENT_ID);
        assertEquals(2, trials.size());
        assertEquals(2, trials.get(0).epochs());
        assertEquals(0.81, trials.get(0).lastMetrics().get("val_accuracy"));
        assertEquals(6, client.experimentMetrics(FakeLabApi.EXPERIMENT_ID).size());
        List<MetricPoint> trial2 = client.trialMetrics("trial-2");
        assertTrue(trial2.stream().allMatch(p -> p.trialId().equals("trial-2")), trial2.toString());
        assertEquals("node-a", client.slots().get(0).node());
    }

    @Test
    void an_api_error_carries_the_api_message() {
        LabApiException e = assertThrows(LabApiException.class, () -> client(null).experiment("nope"));
        assertEquals(404, e.status());
        assertEquals("no such resource: /api/experiments/nope", e.getMessage());
    }

    @Test
    void submit_sends_yaml_with_the_bearer_token() {
        var result = client(FakeLabApi.TOKEN).submit("name: new\nkind: finetune\n");
        assertEquals("exp-2", result.id());
        assertEquals("Bearer " + FakeLabApi.TOKEN, api.lastAuthorization());
        assertEquals("name: new\nkind: finetune\n", api.lastSubmittedSpec());
    }

    @Test
    void a_rejected_spec_keeps_its_field_errors() {
        LabApiException e = assertThrows(LabApiException.class, () -> client(FakeLabApi.TOKEN).submit("kind: finetune\n"));
        assertEquals(400, e.status());
        assertEquals("the spec has 1 error: name: is required", e.getMessage());
        assertEquals("name", e.error().orElseThrow().fields().get(0).field());
    }

    @Test
    void submit_without_token_is_refused_with_the_api_message() {
        LabApiException e = assertThrows(LabApiException.class, () -> client(null).submit("name: x\n"));
        assertEquals(401, e.status());
        assertEquals("a valid bearer token is required", e.getMessage());
    }

    @Test
    void an_unreachable_api_is_status_zero() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        LabApiException e = assertThrows(LabApiException.class,
                () -> new LabApiClient(URI.create("http://127.0.0.1:" + freePort), null).experiments());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void subscription_replays_recorded_events_then_streams_live_ones_until_closed() throws Exception {
        BlockingQueue<LabEvent> received = new LinkedBlockingQueue<>();
        EventSubscription subscription = client(null).subscribe(FakeLabApi.EXPERIMENT_ID, received::add);
        try {
            for (long seq = 1; seq <= 4; seq++) {
                LabEvent replayed = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(replayed, "replayed event " + seq);
                assertEquals(seq, replayed.seq());
            }
            api.publish(api.metrics("trial-2", 2, 0.7, 0.8));
            LabEvent live = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(live, "live event");
            assertEquals(LabEvent.Kind.TRIAL_METRICS, live.kind());
            assertEquals(2, live.epoch());
            assertEquals(0.7, live.metrics().get("val_accuracy"));
        } finally {
            subscription.close();
        }
        assertFalse(subscription.isOpen());
        await().atMost(Duration.ofSeconds(10)).until(() -> api.openStreams() == 0);
        api.publish(api.metrics("trial-2", 3, 0.72, 0.7));
        assertEquals(null, received.poll(500, TimeUnit.MILLISECONDS), "no event after close");
    }
}
