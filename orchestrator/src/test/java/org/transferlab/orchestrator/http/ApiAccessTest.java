package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.TokenView;
import org.transferlab.protocol.view.WhoAmI;

/**
 * Tokens and roles: nothing changes without a token that may write, read-only tokens get 403 on
 * every change the API documents, admins manage tokens, only hashes are stored, and a lab that
 * requires tokens for reads turns anonymous readers away.
 */
class ApiAccessTest extends OnSharedLabApi {

    String readToken;

    @BeforeAll
    void createReadToken() throws Exception {
        readToken = create("viewer", "read").token();
    }

    TokenView create(String name, String role) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}",
                "application/json", "test-token");
        assertEquals(201, r.statusCode(), r.body());
        return Json.read(r.body(), TokenView.class);
    }

    /** Every documented route that needs write or admin, with a concrete path and a harmless body. */
    List<String[]> changeRoutes() throws Exception {
        JsonNode doc = Json.mapper().readTree(api.get("/api/openapi.json", null).body());
        List<String[]> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String level = op.getValue().path("x-access").asText();
                if (level.equals("write") || level.equals("admin")) {
                    String concrete = path.getKey().replaceAll("\\{[^}]+}", "x")
                            + (path.getKey().equals("/api/artifacts") ? "?role=body" : "");
                    out.add(new String[] {op.getKey().toUpperCase(), concrete, level});
                }
            }
        }
        return out;
    }

    @Test
    void every_change_is_refused_without_a_token_and_with_a_read_only_token() throws Exception {
        List<String[]> routes = changeRoutes();
        assertTrue(routes.size() >= 6, "change routes: " + routes.size());
        for (String[] route : routes) {
            String body = route[0].equals("DELETE") ? null : "name: x\n";
            HttpResponse<String> anonymous = api.call(route[0], route[1], body, "application/yaml", null);
            assertEquals(401, anonymous.statusCode(), route[0] + " " + route[1]);
            assertTrue(Json.read(anonymous.body(), ApiError.class).message().contains("Bearer"), anonymous.body());
            HttpResponse<String> wrong = api.call(route[0], route[1], body, "application/yaml", "tlab_not-a-token");
            assertEquals(401, wrong.statusCode(), route[0] + " " + route[1]);
            HttpResponse<String> viewer = api.call(route[0], route[1], body, "application/yaml", readToken);
            assertEquals(403, viewer.statusCode(), route[0] + " " + route[1] + ": " + viewer.body());
            assertTrue(Json.read(viewer.body(), ApiError.class).message().contains("read-only"), viewer.body());
        }
        for (JsonNode e : Json.mapper().readTree(api.get("/api/experiments", null).body())) {
            assertFalse(e.path("name").asText().equals("x"), "nothing was submitted by the refused calls");
        }
    }

    @Test
    void a_write_token_may_submit_but_not_manage_tokens() throws Exception {
        String writer = create("ci", "write").token();
        HttpResponse<String> submit = api.call("POST", "/api/experiments", "name: by-ci\nkind: synthetic\n", "application/yaml", writer);
        assertEquals(201, submit.statusCode(), submit.body());
        assertEquals(403, api.get("/api/tokens", writer).statusCode());
        assertEquals(403, api.call("POST", "/api/tokens", "{\"name\":\"x\"}", "application/json", writer).statusCode());
    }

    @Test
    void revoked_tokens_stop_working_and_the_orchestrators_own_token_cannot_be_revoked() throws Exception {
        TokenView temp = create("temporary", "read");
        WhoAmI who = Json.read(api.get("/api/whoami", temp.token()).body(), WhoAmI.class);
        assertEquals("temporary", who.name());
        assertEquals("read", who.role());
        assertEquals(200, api.call("DELETE", "/api/tokens/" + temp.id(), null, null, "test-token").statusCode());
        assertEquals(401, api.get("/api/whoami", temp.token()).statusCode());
        assertEquals(404, api.call("DELETE", "/api/tokens/" + temp.id(), null, null, "test-token").statusCode());

        List<TokenView> tokens = List.of(Json.read(api.get("/api/tokens", "test-token").body(), TokenView[].class));
        tokens.forEach(t -> assertNull(t.token(), "secrets are never listed"));
        TokenView own = tokens.stream().filter(t -> t.name().equals("local admin")).findFirst().orElseThrow();
        HttpResponse<String> r = api.call("DELETE", "/api/tokens/" + own.id(), null, null, "test-token");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals("admin", Json.read(api.get("/api/whoami", "test-token").body(), WhoAmI.class).role());
    }

    @Test
    void the_store_keeps_only_hashes_of_tokens() throws Exception {
        TokenView secret = create("hash-check", "read");
        String everything = String.join("", lab.orchestrator.store().database().list("SELECT * FROM api_tokens", rs -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('|');
            }
            return row.toString();
        }));
        assertTrue(everything.contains(AccessControl.hash(secret.token())), "hash stored");
        assertFalse(everything.contains(secret.token()), "secret not stored");
        assertTrue(everything.contains(AccessControl.hash("test-token")), "the orchestrator's token is registered by hash");
        assertFalse(everything.contains("test-token|"), "the orchestrator's token is not stored in clear");
    }

    @Test
    void token_bodies_that_are_malformed_or_oversize_get_400_and_413_json() throws Exception {
        HttpResponse<String> malformed = api.call("POST", "/api/tokens", "{\"name\": ", "application/json", "test-token");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(Json.read(malformed.body(), ApiError.class).message().contains("JSON"), malformed.body());
        HttpResponse<String> badRole = api.call("POST", "/api/tokens", "{\"name\":\"x\",\"role\":\"root\"}", "application/json", "test-token");
        assertEquals(400, badRole.statusCode());
        assertTrue(Json.read(badRole.body(), ApiError.class).message().contains("admin, write or read"));
        HttpResponse<String> big = api.call("POST", "/api/tokens", "{\"name\":\"" + "x".repeat(10_000) + "\"}", "application/json", "test-token");
        assertEquals(413, big.statusCode(), big.body());
        assertEquals("application/json", big.headers().firstValue("content-type").orElse(""));
    }

    @Test
    void reads_need_a_token_when_the_lab_says_so(@TempDir Path otherDir) throws Exception {
        try (TestLab strict = new TestLab(otherDir, Map.of("transferlab.orchestrator.require-token-for-reads", true))) {
            ApiCalls calls = new ApiCalls(strict.orchestrator.url());
            HttpResponse<String> anonymous = calls.get("/api/experiments", null);
            assertEquals(401, anonymous.statusCode());
            assertTrue(Json.read(anonymous.body(), ApiError.class).message().contains("read-only token is enough"));
            HttpResponse<String> created = calls.call("POST", "/api/tokens", "{\"name\":\"v\",\"role\":\"read\"}", "application/json", "test-token");
            String viewer = Json.read(created.body(), TokenView.class).token();
            assertEquals(200, calls.get("/api/experiments", viewer).statusCode());
            assertEquals(200, calls.get("/health", null).statusCode());
            assertEquals(200, calls.get("/api/openapi.json", null).statusCode());
            assertTrue(Json.read(calls.get("/api/whoami", viewer).body(), WhoAmI.class).readsNeedToken());
        }
    }
}
