package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

/**
 * What a web page on another site can make a lab member's browser send: form and plain-text bodies
 * (no other type without a CORS preflight, which the API never grants), and, after rebinding its DNS
 * name to 127.0.0.1, any request with its own name as Host. Neither reaches anything.
 */
class CrossSiteTest extends OnSharedLabApi {

    private static final String SPEC = "name: x\nkind: synthetic\n";
    private static final String[] FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
            "text/plain", "text/plain; charset=utf-8"};

    @Override
    protected Map<String, Object> settings() {
        return Map.of("transferlab.http.allowed-hosts", "lab-1.example.org");
    }

    @Test
    void form_and_text_bodies_get_415_json_on_the_spec_check_that_needs_no_token() throws Exception {
        for (String type : FORM_TYPES) {
            HttpResponse<String> r = api.call("POST", "/api/specs/validate", SPEC, type, null);
            assertEquals(415, r.statusCode(), type + ": " + r.body());
            ApiError error = Json.read(r.body(), ApiError.class);
            assertTrue(error.message().contains("application/yaml or application/json"), error.message());
        }
        // fetch() with a Blob body sends no Content-Type at all, and needs no preflight either
        HttpResponse<String> untyped = api.call("POST", "/api/specs/validate", SPEC, null, null);
        assertEquals(415, untyped.statusCode(), untyped.body());
        assertEquals(200, api.call("POST", "/api/specs/validate", SPEC, "application/yaml", null).statusCode());
        assertEquals(200, api.call("POST", "/api/specs/validate", "{\"name\":\"x\"}", "application/json", null).statusCode());
        assertEquals(200, api.call("POST", "/api/specs/validate", SPEC, "application/x-yaml", null).statusCode());
    }

    @Test
    void every_change_refuses_form_bodies_even_with_a_valid_token() throws Exception {
        for (String type : FORM_TYPES) {
            HttpResponse<String> submit = api.call("POST", "/api/experiments", SPEC, type, "test-token");
            assertEquals(415, submit.statusCode(), type + ": " + submit.body());
            assertEquals(415, api.call("POST", "/api/tokens", "{\"name\":\"x\"}", type, "test-token").statusCode(), type);
            assertEquals(415, api.call("POST", "/api/experiments/exp-none/cancel", "a=b", type, "test-token").statusCode(), type);
            assertEquals(415, api.call("DELETE", "/api/tokens/tok-none", "a=b", type, "test-token").statusCode(), type);
        }
        assertEquals("[]", api.get("/api/experiments", null).body(), "no refused call submitted anything");
        // what the dashboard and the CLI send still works: no body and no type on control calls
        assertEquals(409, api.call("POST", "/api/experiments/exp-none/cancel", null, null, "test-token").statusCode());
        assertEquals(404, api.call("DELETE", "/api/tokens/tok-none", null, null, "test-token").statusCode());
    }

    @Test
    void a_request_naming_another_host_gets_421_json_and_loopback_names_are_answered() throws Exception {
        String base = lab.orchestrator.url();
        int port = URI.create(base).getPort();
        for (String path : new String[] {"/api/experiments", "/health", "/api/openapi.json"}) {
            RawHttp.Reply rebound = RawHttp.send(base, "GET", path, "attacker.example:" + port, null, null);
            assertEquals(421, rebound.status(), path + ": " + rebound.head());
            assertTrue(rebound.head().toLowerCase().contains("content-type: application/json"), rebound.head());
            assertTrue(Json.read(rebound.body(), ApiError.class).message().contains("allowed-hosts"), rebound.body());
        }
        RawHttp.Reply post = RawHttp.send(base, "POST", "/api/specs/validate", "attacker.example", "application/yaml", SPEC);
        assertEquals(421, post.status(), post.head());
        RawHttp.Reply healthCheck = RawHttp.send(base, "GET", "/health", null, null, null);
        assertEquals(200, healthCheck.status(), "the Docker health check sends no Host: " + healthCheck.head() + healthCheck.body());
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "localhost", "lab-1.example.org:" + port}) {
            assertEquals(200, RawHttp.send(base, "GET", "/api/experiments", host, null, null).status(), host);
        }
    }
}
