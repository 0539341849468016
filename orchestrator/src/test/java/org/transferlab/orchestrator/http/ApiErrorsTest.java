package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnSharedTestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

class ApiErrorsTest extends OnSharedTestLab {

    @Override
    protected Map<String, Object> settings() {
        return Map.of("transferlab.orchestrator.max-spec-bytes", "2k");
    }

    @Test
    void invalid_spec_gets_400_naming_the_field() throws Exception {
        HttpResponse<String> r = lab.post("/api/experiments", "name: x\nsearch:\n  trials: -3\n", "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError error = Json.read(r.body(), ApiError.class);
        assertEquals("search.trials", error.fields().getFirst().field());
        assertTrue(error.message().contains("search.trials"), error.message());
    }

    @Test
    void malformed_yaml_gets_400_with_json() throws Exception {
        HttpResponse<String> r = lab.post("/api/experiments", "name: [unclosed\n", "test-token");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    }

    @Test
    void submit_without_or_with_a_wrong_token_is_refused() throws Exception {
        assertEquals(401, lab.post("/api/experiments", "name: x\n", null).statusCode());
        HttpResponse<String> r = lab.post("/api/experiments", "name: x\n", "nope");
        assertEquals(401, r.statusCode());
        assertTrue(Json.read(r.body(), ApiError.class).message().contains("Bearer"));
        assertEquals(200, lab.get("/api/experiments").statusCode(), "reads need no token");
    }

    @Test
    void oversize_spec_gets_413() throws Exception {
        String big = "name: x\n# " + "y".repeat(4096) + "\n";
        HttpResponse<String> r = lab.post("/api/experiments", big, "test-token");
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(Json.read(r.body(), ApiError.class).message().contains("too large"));
    }

    @Test
    void unknown_experiment_and_route_get_404_json() throws Exception {
        HttpResponse<String> r = lab.get("/api/experiments/exp-missing");
        assertEquals(404, r.statusCode());
        assertTrue(Json.read(r.body(), ApiError.class).message().contains("exp-missing"));
        HttpResponse<String> route = lab.get("/api/nothing-here");
        assertEquals(404, route.statusCode());
        assertEquals("application/json", route.headers().firstValue("content-type").orElse(""));
    }

    @Test
    void health_and_prometheus_metrics_answer() throws Exception {
        assertEquals(200, lab.get("/health").statusCode());
        HttpResponse<String> m = lab.get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("tlab_queue_length 0"), m.body());
    }
}
