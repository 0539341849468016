package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.SubmitResult;

/**
 * A real API on port 0 with the default spec limits: a spec that asks for an astronomical grid, a
 * huge model or values no trial could run is refused quickly, by field, on both spec routes, and
 * the server goes on serving. (Such a grid once exhausted the heap and Pekko exited the JVM.)
 */
class SpecLimitsApiTest extends OnSharedLabApi {

    private static final String ASTRONOMICAL_GRID = """
            name: dos
            kind: synthetic
            search:
              algorithm: grid
              trials: 10
              space:
                x: {type: uniform, min: 0, max: 1.0e300, q: 1.0e-300}
            """;

    private static final String TEN_MILLION_GRID = """
            name: ten-million
            kind: synthetic
            search:
              algorithm: grid
              trials: 10
              space:
                x: {type: int, min: 1, max: 10000}
                y: {type: uniform, min: 0, max: 0.999, q: 0.001}
            """;

    private static final String GOOD = """
            name: fine
            kind: synthetic
            search:
              algorithm: grid
              trials: 10
              space:
                x: {type: choice, values: [0.1, 0.2]}
            """;

    /** Far more than a refusal takes, far less than exhausting a heap does. */
    private static final Duration QUICK = Duration.ofSeconds(5);

    private HttpResponse<String> timed(String path, String body, String contentType, String token) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = api.call("POST", path, body, contentType, token);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(QUICK) < 0, path + " took " + took);
        return r;
    }

    private ApiError submitRefused(String spec, String contentType) throws Exception {
        HttpResponse<String> r = timed("/api/experiments", spec, contentType, "test-token");
        assertEquals(400, r.statusCode(), r.body());
        return Json.read(r.body(), ApiError.class);
    }

    private SpecValidation validated(String spec) throws Exception {
        HttpResponse<String> r = timed("/api/specs/validate", spec, "application/yaml", null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.read(r.body(), SpecValidation.class);
    }

    private void assertHealthy() throws Exception {
        assertEquals(200, api.get("/health", null).statusCode());
        HttpResponse<String> ok = api.call("POST", "/api/experiments", GOOD, "application/yaml", "test-token");
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals(2, Json.read(ok.body(), SubmitResult.class).plannedTrials());
    }

    @Test
    void an_astronomical_grid_is_refused_quickly_on_both_routes_and_the_server_stays_healthy() throws Exception {
        // without a token, many at once, as a hostile page would send them
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<SpecValidation>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return Json.read(api.call("POST", "/api/specs/validate", ASTRONOMICAL_GRID, "application/yaml", null).body(),
                                SpecValidation.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<SpecValidation> f : all) {
                SpecValidation v = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertFalse(v.valid());
                assertEquals("search.space", v.errors().getFirst().field());
            }
        } finally {
            pool.shutdownNow();
        }
        SpecValidation v = validated(ASTRONOMICAL_GRID);
        assertTrue(v.errors().getFirst().message().contains("max-grid-points"), v.errors().toString());

        ApiError e = submitRefused(ASTRONOMICAL_GRID, "application/yaml");
        assertEquals("search.space", e.fields().getFirst().field());
        assertHealthy();
    }

    @Test
    void a_grid_of_ten_million_points_is_refused() throws Exception {
        SpecValidation v = validated(TEN_MILLION_GRID);
        assertFalse(v.valid());
        assertTrue(v.errors().getFirst().message().startsWith("the grid has 10000000 points"), v.errors().toString());
        assertEquals("search.space", submitRefused(TEN_MILLION_GRID, "application/yaml").fields().getFirst().field());
        assertHealthy();
    }

    @Test
    void a_model_too_large_for_a_slot_is_refused_by_its_parameters() throws Exception {
        ApiError e = submitRefused("name: huge\nmodel: {hidden: [8192, 8192, 8192, 8192, 8192, 8192]}\n", "application/yaml");
        assertEquals("model", e.fields().getFirst().field());
        assertTrue(e.fields().getFirst().message().contains("max-parameters"), e.toString());
    }

    @Test
    void search_space_values_a_worker_could_not_run_are_refused_by_field_path() throws Exception {
        ApiError e = submitRefused("""
                name: bad-space
                kind: distillation
                search:
                  space:
                    batchSize: {type: int, min: 0, max: 64}
                    temperature: {type: uniform, min: -1, max: 4}
                    epochs: {type: choice, values: [1000000000]}
                """, "application/yaml");
        List<String> fields = e.fields().stream().map(f -> f.field()).toList();
        assertEquals(List.of("search.space.batchSize.min", "search.space.temperature.min", "search.space.epochs.values[0]"), fields);
    }

    @Test
    void when_conditions_in_a_cycle_get_a_400_naming_the_cycle_not_a_timeout() throws Exception {
        ApiError e = submitRefused("""
                name: cycle
                kind: synthetic
                search:
                  space:
                    x: {type: uniform, min: 0, max: 1, when: {y: [0.5]}}
                    y: {type: choice, values: [0.5], when: {x: [0.5]}}
                """, "application/yaml");
        assertEquals("search.space.x.when", e.fields().getFirst().field());
        assertTrue(e.fields().getFirst().message().contains("x → y → x"), e.toString());
    }

    @Test
    void trailing_garbage_a_second_document_and_duplicate_keys_are_refused() throws Exception {
        submitRefused("{\"name\": \"j\", \"kind\": \"synthetic\"} trailing", "application/json");
        submitRefused("name: a\nkind: synthetic\n---\nname: b\n", "application/yaml");
        ApiError dup = submitRefused("name: a\nkind: synthetic\nkind: finetune\n", "application/yaml");
        assertEquals("kind", dup.fields().getFirst().field());
        assertTrue(dup.fields().getFirst().message().contains("line 3"), dup.toString());
    }
}
