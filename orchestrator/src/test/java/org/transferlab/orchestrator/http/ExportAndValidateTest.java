package org.transferlab.orchestrator.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** Spec validation without submission, CSV/JSON export, the event log and the Prometheus gauges. */
class ExportAndValidateTest extends OnSharedLabApi {

    private static final String SPEC = """
            name: export-me
            kind: synthetic
            search:
              algorithm: grid
              trials: 10
              space:
                x: {type: choice, values: [0.1, 0.2, 0.3]}
            """;

    @Override
    protected Map<String, Object> settings() {
        return Map.of("transferlab.orchestrator.max-spec-bytes", "2k");
    }

    @Test
    void validate_reports_planned_trials_for_a_good_spec_and_field_errors_for_a_bad_one() throws Exception {
        HttpResponse<String> good = api.call("POST", "/api/specs/validate", SPEC, "application/yaml", null);
        assertEquals(200, good.statusCode(), good.body());
        SpecValidation ok = Json.read(good.body(), SpecValidation.class);
        assertTrue(ok.valid());
        assertEquals(3, ok.plannedTrials(), "a grid of three points");

        SpecValidation bad = Json.read(api.call("POST", "/api/specs/validate", "name: x\nsearch:\n  trials: -3\n",
                "application/yaml", null).body(), SpecValidation.class);
        assertFalse(bad.valid());
        assertNull(bad.plannedTrials());
        assertEquals("search.trials", bad.errors().getFirst().field());

        SpecValidation broken = Json.read(api.call("POST", "/api/specs/validate", "name: [unclosed\n", "application/yaml", null).body(),
                SpecValidation.class);
        assertFalse(broken.valid());
        assertTrue(broken.errors().getFirst().message().contains("line"), broken.errors().toString());

        HttpResponse<String> big = api.call("POST", "/api/specs/validate", "name: x\n# " + "y".repeat(4096), "application/yaml", null);
        assertEquals(413, big.statusCode());
        assertTrue(Json.read(big.body(), ApiError.class).message().contains("limit"));
    }

    @Test
    void export_writes_one_csv_row_per_trial_and_step_and_json_with_everything() throws Exception {
        SubmitResult submitted = Json.read(api.call("POST", "/api/experiments", SPEC, "application/yaml", "test-token").body(),
                SubmitResult.class);
        HttpResponse<String> csv = api.get("/api/experiments/" + submitted.id() + "/export?format=csv", null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("content-disposition").orElse("").contains(submitted.id() + ".csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("experiment_id,trial_id,number,stage,status,slot,objective,param.x,step", lines.getFirst());
        assertTrue(lines.size() >= 2, "queued trials have a row each: " + lines);

        HttpResponse<String> json = api.get("/api/experiments/" + submitted.id() + "/export?format=json", null);
        JsonNode body = Json.mapper().readTree(json.body());
        assertEquals(submitted.id(), body.path("experiment").path("id").asText());
        assertTrue(body.path("trials").isArray() && body.path("metrics").isArray());

        assertEquals(400, api.get("/api/experiments/" + submitted.id() + "/export?format=xls", null).statusCode());
        assertEquals(404, api.get("/api/experiments/exp-none/export?format=csv", null).statusCode());

        JsonNode log = Json.mapper().readTree(api.get("/api/experiments/" + submitted.id() + "/event-log?limit=1", null).body());
        assertEquals(1, log.size());
        assertEquals("experiment.started", log.get(0).path("type").asText());
    }

    @Test
    void csv_rows_carry_params_and_metrics_per_step_with_quoting() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ExperimentView e = new ExperimentView("exp-1", "n", "synthetic", ExperimentStatus.COMPLETED, t0, t0, "score", "max",
                2, 2, 0, 0.9, "t1", null, null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("opt", "adam,beta");
        params.put("lr", 0.01);
        TrialView t1 = new TrialView("t1", "exp-1", 1, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, params, "s1 (cpu)", 2,
                Map.of("score", 0.9), 0.9, t0, t0, null);
        TrialView t2 = new TrialView("t2", "exp-1", 2, TrialStage.SYNTHETIC, TrialStatus.QUEUED, Map.of("lr", 0.1), null, 0, Map.of(), null,
                null, null, null);
        List<MetricPoint> points = List.of(new MetricPoint("t1", 1, "score", 0.5, 1), new MetricPoint("t1", 1, "loss", 2.0, 1),
                new MetricPoint("t1", 2, "score", 0.9, 2));
        List<String> lines = new ExperimentExport(e, List.of(t1, t2), points).csv().lines().toList();
        assertEquals("experiment_id,trial_id,number,stage,status,slot,objective,param.lr,param.opt,step,metric.loss,metric.score",
                lines.get(0));
        assertEquals("exp-1,t1,1,synthetic,COMPLETED,s1 (cpu),0.9,0.01,\"adam,beta\",1,2.0,0.5", lines.get(1));
        assertEquals("exp-1,t1,1,synthetic,COMPLETED,s1 (cpu),0.9,0.01,\"adam,beta\",2,,0.9", lines.get(2));
        assertEquals("exp-1,t2,2,synthetic,QUEUED,,,0.1,,,,", lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    void csv_and_json_show_the_held_out_test_metrics_beside_the_objective() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ExperimentView e = new ExperimentView("exp-1", "n", "finetune", ExperimentStatus.COMPLETED, t0, t0, "val_accuracy", "max",
                2, 2, 0, 0.8, "t1", null, null);
        TrialView done = new TrialView("t1", "exp-1", 1, TrialStage.FINETUNE, TrialStatus.COMPLETED, Map.of("lr", 0.01), "s1 (cpu)", 1,
                Map.of("val_accuracy", 0.8), 0.8, t0, t0, null, 1, 1, Map.of(), Map.of(), Map.of("test_accuracy", 0.75, "test_loss", 0.7));
        TrialView queued = new TrialView("t2", "exp-1", 2, TrialStage.FINETUNE, TrialStatus.QUEUED, Map.of("lr", 0.1), null, 0, Map.of(),
                null, null, null, null);
        ExperimentExport export = new ExperimentExport(e, List.of(done, queued), List.of(new MetricPoint("t1", 1, "val_accuracy", 0.8, 1)));

        List<String> lines = export.csv().lines().toList();
        assertEquals("experiment_id,trial_id,number,stage,status,slot,objective,test.test_accuracy,test.test_loss,param.lr,step,"
                + "metric.val_accuracy", lines.get(0));
        assertEquals("exp-1,t1,1,finetune,COMPLETED,s1 (cpu),0.8,0.75,0.7,0.01,1,0.8", lines.get(1));
        assertEquals("exp-1,t2,2,finetune,QUEUED,,,,,0.1,,", lines.get(2), "no test value before a trial finished");
        JsonNode json = Json.mapper().readTree(export.json());
        assertEquals(0.75, json.path("trials").get(0).path("testMetrics").path("test_accuracy").asDouble());
        assertEquals(0.8, json.path("trials").get(0).path("objective").asDouble());
    }

    @Test
    void prometheus_text_has_utilisation_and_event_rate() throws Exception {
        String experiment = Json.read(api.call("POST", "/api/experiments", SPEC, "application/yaml", "test-token").body(),
                SubmitResult.class).id();
        TestProbe<WorkerProtocol.ToSlot> slot = lab.kit.createTestProbe();
        lab.workers().tell(new WorkerProtocol.RequestWork("slot-m", "metrics-node", "cpu", slot.getRef()));
        slot.expectMessageClass(WorkerProtocol.AssignWork.class, Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String text = api.get("/metrics", null).body();
            for (String name : List.of("tlab_queue_length", "tlab_running_trials", "tlab_slot_utilisation_mean",
                    "tlab_events_per_second", "tlab_events_total")) {
                assertTrue(text.contains("# TYPE " + name + " "), name + " in\n" + text);
            }
            Map<String, Double> values = prometheusValues(text);
            assertEquals(1.0, values.get("tlab_slots"), "the one slot that asked for work\n" + text);
            assertEquals(0.0, values.get("tlab_slots_idle"), "it runs a trial now\n" + text);
            assertTrue(values.get("tlab_running_trials") >= 1, text);
            assertTrue(values.get("tlab_active_experiments") >= 1, experiment + " runs\n" + text);
            assertTrue(values.get("tlab_events_total") >= 1, text);
            assertTrue(values.get("tlab_events_per_second") > 0, "its start was recorded within the last 10 s\n" + text);
            Double utilisation = values.get("tlab_slot_utilisation{device=\"cpu\",node=\"metrics-node\",slot=\"slot-m\"}");
            assertTrue(utilisation != null && utilisation >= 0 && utilisation <= 1, text);
            assertTrue(values.entrySet().stream().anyMatch(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\"")
                    && e.getValue() > 0), "the JVM's own metrics are there too\n" + text);
        });
    }

    /** Each sample line of Prometheus text as {@code name{labels}} to its value. */
    private static Map<String, Double> prometheusValues(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            values.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return values;
    }

    @Test
    void event_rate_counts_events_of_the_last_ten_whole_seconds() {
        EventRate rate = new EventRate(new org.transferlab.orchestrator.events.EventLog(null));
        for (int i = 0; i < 30; i++) {
            rate.count(100);
        }
        for (int i = 0; i < 10; i++) {
            rate.count(105);
        }
        assertEquals(4.0, rate.perSecond(110), 1e-9, "seconds 100..109 hold 40 events");
        assertEquals(0.0, rate.perSecond(100), 1e-9, "the current second is not yet whole");
        rate.count(111);
        assertEquals(1.0, rate.perSecond(111), 1e-9, "seconds 101..110 hold 10 events");
        assertEquals(41, rate.total());
    }
}
