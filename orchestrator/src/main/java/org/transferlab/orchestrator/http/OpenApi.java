package org.transferlab.orchestrator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

/**
 * The OpenAPI 3.0 document of the API, generated from the {@link RouteTable}: every route with its
 * parameters, access level and reply, and a schema for each record the API reads or writes (derived
 * from the record's components, so a field added to a view shows up here without anyone remembering).
 */
final class OpenApi {

    private OpenApi() {}

    static ObjectNode document(RouteTable table, String version) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "TransferLab API").put("version", version)
                .put("description", "Experiments, trials, metrics, events, artifacts, workers and slots of a TransferLab lab. "
                        + "Changes need a bearer token with the write or admin role; reads need one only when the lab sets "
                        + "transferlab.orchestrator.require-token-for-reads. Every error is an ApiError.");
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        Map<String, ObjectNode> schemas = new TreeMap<>();
        schema(ApiError.class, schemas);
        ObjectNode paths = doc.putObject("paths");
        Map<String, ObjectNode> items = new LinkedHashMap<>();
        for (RouteTable.Endpoint e : table.endpoints()) {
            ObjectNode item = items.computeIfAbsent(e.path(), p -> paths.putObject(p));
            ObjectNode op = item.putObject(e.method().toLowerCase(java.util.Locale.ROOT));
            op.put("summary", e.summary());
            op.put("operationId", operationId(e));
            op.putArray("tags").add(e.tag());
            op.put("x-access", e.access().name().toLowerCase(java.util.Locale.ROOT));
            if (e.access() != RouteTable.Access.PUBLIC) {
                op.putArray("security").addObject().putArray("bearer");
            }
            ArrayNode params = op.putArray("parameters");
            for (String name : e.pathParams()) {
                params.addObject().put("name", name).put("in", "path").put("required", true)
                        .putObject("schema").put("type", "string");
            }
            for (RouteTable.Param q : e.query()) {
                params.addObject().put("name", q.name()).put("in", "query").put("required", q.required())
                        .put("description", q.description()).putObject("schema").put("type", "string");
            }
            if (!e.requestMedia().isEmpty()) {
                ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
                for (String media : e.requestMedia()) {
                    ObjectNode s = content.putObject(media).putObject("schema");
                    if (e.requestSchema() != null && media.contains("json")) {
                        s.put("$ref", ref(e.requestSchema(), schemas));
                    } else {
                        s.put("type", "string").put("format", media.startsWith("application/octet") ? "binary" : "text");
                    }
                }
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject(Integer.toString(e.successStatus())).put("description", "success");
            ObjectNode okSchema = ok.putObject("content").putObject(e.responseMedia()).putObject("schema");
            if (e.responseSchema() != null) {
                if (e.responseList()) {
                    okSchema.put("type", "array").putObject("items").put("$ref", ref(e.responseSchema(), schemas));
                } else {
                    okSchema.put("$ref", ref(e.responseSchema(), schemas));
                }
            } else {
                okSchema.put("type", e.responseMedia().equals("application/json") ? "object" : "string");
            }
            Map<Integer, String> errors = new TreeMap<>(e.statuses());
            if (e.access() != RouteTable.Access.PUBLIC) {
                errors.putIfAbsent(401, "no token, or an unknown or revoked one");
            }
            if (e.access() == RouteTable.Access.WRITE || e.access() == RouteTable.Access.ADMIN) {
                errors.putIfAbsent(403, "the token's role may not make this call");
            }
            if (e.access() == RouteTable.Access.TRIAL) {
                errors.putIfAbsent(403, "the bearer is a user token or another experiment's grant: only the upload grant of "
                        + "work a worker is running may upload");
            }
            if (!e.method().equals("GET")) {
                errors.putIfAbsent(415, "the body's Content-Type is not one this route takes");
            }
            if (!e.pathParams().isEmpty()) {
                errors.putIfAbsent(404, "no such " + e.pathParams().getFirst());
            }
            errors.forEach((code, meaning) -> responses.putObject(Integer.toString(code)).put("description", meaning)
                    .putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/ApiError"));
        }
        ObjectNode schemaNode = components.putObject("schemas");
        schemas.forEach(schemaNode::set);
        return doc;
    }

    private static String operationId(RouteTable.Endpoint e) {
        StringBuilder sb = new StringBuilder(e.method().toLowerCase(java.util.Locale.ROOT));
        for (String s : e.path().split("[/{}-]")) {
            if (!s.isEmpty() && !s.equals("api")) {
                sb.append(Character.toUpperCase(s.charAt(0))).append(s.substring(1));
            }
        }
        return sb.toString();
    }

    private static String ref(Class<?> type, Map<String, ObjectNode> schemas) {
        schema(type, schemas);
        return "#/components/schemas/" + type.getSimpleName();
    }

    private static void schema(Class<?> type, Map<String, ObjectNode> schemas) {
        if (schemas.containsKey(type.getSimpleName())) {
            return;
        }
        ObjectNode s = Json.mapper().createObjectNode().put("type", "object");
        schemas.put(type.getSimpleName(), s);
        if (!type.isRecord()) {
            return;
        }
        ObjectNode props = s.putObject("properties");
        for (RecordComponent c : type.getRecordComponents()) {
            props.set(c.getName(), typeOf(c.getGenericType(), schemas));
        }
    }

    private static ObjectNode typeOf(Type type, Map<String, ObjectNode> schemas) {
        ObjectNode n = Json.mapper().createObjectNode();
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw)) {
                n.put("type", "array").set("items", typeOf(p.getActualTypeArguments()[0], schemas));
            } else if (Map.class.isAssignableFrom(raw)) {
                ObjectNode values = typeOf(p.getActualTypeArguments()[1], schemas);
                n.put("type", "object").set("additionalProperties", values.isEmpty() ? Json.mapper().createObjectNode() : values);
            } else {
                n.put("type", "object");
            }
            return n;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            n.put("type", "string");
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            n.put("type", "integer");
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            n.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            n.put("type", "boolean");
        } else if (c == Instant.class) {
            n.put("type", "string").put("format", "date-time");
        } else if (c.isEnum()) {
            ArrayNode values = n.put("type", "string").putArray("enum");
            for (Object v : c.getEnumConstants()) {
                values.add(Json.mapper().valueToTree(v).asText());
            }
        } else if (c.isRecord()) {
            n.put("$ref", ref(c, schemas));
        } else if (c == Object.class) {
            return n; // any JSON value
        } else {
            n.put("type", "object");
        }
        return n;
    }
}
