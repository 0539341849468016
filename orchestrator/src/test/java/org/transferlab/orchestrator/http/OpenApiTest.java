package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

/** The OpenAPI document is valid OpenAPI 3 and names exactly the routes the server answers. */
class OpenApiTest extends OnSharedLabApi {

    private static final String NOT_ROUTED = "no such resource";

    JsonNode doc;

    @BeforeAll
    void readDocument() throws Exception {
        HttpResponse<String> r = api.get("/api/openapi.json", null);
        assertEquals(200, r.statusCode(), r.body());
        doc = Json.mapper().readTree(r.body());
    }

    @Test
    void document_is_openapi_3_with_info_paths_and_resolvable_schema_references() {
        assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi").asText());
        assertFalse(doc.path("info").path("title").asText().isBlank());
        assertFalse(doc.path("info").path("version").asText().isBlank());
        assertTrue(doc.path("paths").size() >= 20, "paths: " + doc.path("paths").size());
        Set<String> operationIds = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertTrue(path.getKey().startsWith("/"), path.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                assertTrue(Set.of("get", "post", "delete").contains(op.getKey()), op.getKey());
                JsonNode operation = op.getValue();
                assertTrue(operationIds.add(operation.path("operationId").asText()), "unique operationId " + operation.path("operationId"));
                assertTrue(operation.path("responses").size() > 0, path.getKey() + " " + op.getKey() + " has responses");
                operation.path("responses").forEach(resp -> assertTrue(resp.has("description")));
                for (String name : pathParams(path.getKey())) {
                    boolean declared = false;
                    for (JsonNode p : operation.path("parameters")) {
                        declared |= p.path("in").asText().equals("path") && p.path("name").asText().equals(name)
                                && p.path("required").asBoolean();
                    }
                    assertTrue(declared, path.getKey() + " declares path parameter " + name);
                }
            }
        }
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/"), ref);
            assertTrue(doc.path("components").path("schemas").has(ref.substring("#/components/schemas/".length())), "resolves " + ref);
        }
    }

    @Test
    void every_documented_route_is_answered_by_the_server() throws Exception {
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "nothing-here") + query(path.getValue());
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                operations++;
                if (path.getValue().path(method.toLowerCase()).path("responses").path("200").path("content").has("text/event-stream")) {
                    HttpResponse<InputStream> stream = api.open(method, concrete, "test-token");
                    stream.body().close();
                    assertEquals(200, stream.statusCode(), concrete);
                    continue;
                }
                HttpResponse<String> r = api.call(method, concrete, method.equals("GET") || method.equals("DELETE") ? null : "{}",
                        "application/json", "test-token");
                assertNotEquals(405, r.statusCode(), method + " " + concrete + ": " + r.body());
                if (r.statusCode() == 404) {
                    assertFalse(Json.read(r.body(), ApiError.class).message().startsWith(NOT_ROUTED), method + " " + concrete + " is routed");
                }
            }
        }
        assertTrue(operations >= 24, "operations: " + operations);
    }

    @Test
    void routes_that_are_not_documented_are_not_answered() throws Exception {
        for (String path : List.of("/api/experiments/x/nothing", "/api/trial/x", "/api", "/api/cluster", "/api/tokens/x/y")) {
            HttpResponse<String> r = api.get(path, "test-token");
            assertEquals(404, r.statusCode(), path);
            assertTrue(Json.read(r.body(), ApiError.class).message().startsWith(NOT_ROUTED), path + ": " + r.body());
        }
        HttpResponse<String> wrongMethod = api.call("DELETE", "/api/experiments", null, null, "test-token");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("application/json", wrongMethod.headers().firstValue("content-type").orElse(""));
    }

    private static String query(JsonNode pathItem) {
        StringBuilder q = new StringBuilder();
        pathItem.forEach(op -> op.path("parameters").forEach(p -> {
            if (p.path("in").asText().equals("query") && p.path("required").asBoolean()) {
                q.append(q.isEmpty() ? "?" : "&").append(p.path("name").asText()).append('=')
                        .append(p.path("name").asText().equals("format") ? "json" : "x");
            }
        }));
        return q.toString();
    }

    private static List<String> pathParams(String template) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
