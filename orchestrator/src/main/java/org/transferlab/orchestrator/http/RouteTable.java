package org.transferlab.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Every route the API answers, in one list that is both the server's routing and its OpenAPI
 * document. A route's path template ({@code /api/experiments/{id}/trials}) is turned into the
 * path matchers themselves, so the document cannot list a path the server does not match, and the
 * server answers nothing that is not listed.
 */
final class RouteTable extends AllDirectives {

    /**
     * Who may call a route: anyone, any token holder (when reads need a token), writers, admins, or
     * only the holder of a running trial's upload grant (the route checks the grant itself).
     */
    enum Access { PUBLIC, READ, WRITE, ADMIN, TRIAL }

    record Param(String name, String description, boolean required) {}

    /**
     * One route. {@code responseSchema} is a record class (or null), {@code responseList} says it
     * comes as a JSON array; {@code statuses} maps further status codes to what they mean.
     */
    record Endpoint(String method, String path, Access access, String tag, String summary, List<Param> query,
            List<String> requestMedia, Class<?> requestSchema, String responseMedia, Class<?> responseSchema,
            boolean responseList, int successStatus, Map<Integer, String> statuses, Function<List<String>, Route> handler) {

        List<String> pathParams() {
            List<String> names = new ArrayList<>();
            for (String s : segments(path)) {
                if (s.startsWith("{")) {
                    names.add(s.substring(1, s.length() - 1));
                }
            }
            return names;
        }
    }

    private static final String YAML = "application/yaml";
    private static final List<String> YAML_ALIASES = List.of("application/x-yaml", "text/yaml", "text/x-yaml");

    private final List<Endpoint> endpoints = new ArrayList<>();
    private String tag = "lab";

    /** Routes added after this call are grouped under {@code tag} in the document. */
    RouteTable tag(String newTag) {
        this.tag = newTag;
        return this;
    }

    Builder get(String path) {
        return new Builder("GET", path);
    }

    Builder post(String path) {
        return new Builder("POST", path);
    }

    Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** All routes as one, each behind the access check of its level. */
    Route route(AccessControl access) {
        Route[] routes = endpoints.stream().map(e -> build(e, access)).toArray(Route[]::new);
        return concat(routes[0], java.util.Arrays.copyOfRange(routes, 1, routes.length));
    }

    private Route build(Endpoint e, AccessControl access) {
        HttpMethod method = switch (e.method()) {
            case "GET" -> HttpMethods.GET;
            case "POST" -> HttpMethods.POST;
            case "DELETE" -> HttpMethods.DELETE;
            default -> throw new IllegalArgumentException(e.method());
        };
        return match(segments(e.path()), 0, new ArrayList<>(), values -> method(method,
                () -> optionalHeaderValueByName("Authorization", header -> access.guard(e.access(), header,
                        () -> method == HttpMethods.GET ? e.handler().apply(List.copyOf(values))
                                : acceptedMedia(e, () -> e.handler().apply(List.copyOf(values)))))));
    }

    /**
     * A change or a costly check accepts only the media types its route declares (a route without a
     * body: an empty body, no type, or JSON). A browser's cross-site form can send only form and
     * plain-text bodies, and a cross-site script no other type (nor none, with a body) without the
     * API's consent, a CORS preflight it never grants; so no page on another site can reach these
     * routes through a lab member's browser. 415 with a JSON error otherwise.
     */
    private Route acceptedMedia(Endpoint e, Supplier<Route> inner) {
        List<String> accepted = e.requestMedia().isEmpty() ? List.of("application/json") : e.requestMedia();
        return extractRequestEntity(entity -> {
            ContentType type = entity.getContentType();
            // a route without a body takes an empty one whatever its type; these all need a token anyway
            if (e.requestMedia().isEmpty() && (type.equals(ContentTypes.NO_CONTENT_TYPE) || entity.isKnownEmpty())) {
                return inner.get();
            }
            String media = (type.mediaType().mainType() + "/" + type.mediaType().subType()).toLowerCase(java.util.Locale.ROOT);
            if (accepted.contains(media) || (accepted.contains(YAML) && YAML_ALIASES.contains(media))) {
                return inner.get();
            }
            String sent = type.equals(ContentTypes.NO_CONTENT_TYPE) ? "none" : "'" + media + "'";
            return complete(Responses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, e.method() + " " + e.path()
                    + (e.requestMedia().isEmpty() ? " takes no body (or JSON)" : " takes Content-Type " + String.join(" or ", accepted))
                    + "; the request's Content-Type was " + sent));
        });
    }

    private Route match(List<String> segments, int i, List<String> values, Function<List<String>, Route> end) {
        if (i == segments.size()) {
            return pathEnd(() -> end.apply(values));
        }
        String s = segments.get(i);
        if (s.startsWith("{")) {
            return pathPrefix(segment(), value -> {
                List<String> next = new ArrayList<>(values);
                next.add(value);
                return match(segments, i + 1, next, end);
            });
        }
        return pathPrefix(segment(s), () -> match(segments, i + 1, values, end));
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** Describes one route; {@link #handle} adds it to the table. */
    final class Builder {
        private final String method;
        private final String path;
        private Access access = Access.READ;
        private String summary = "";
        private final List<Param> query = new ArrayList<>();
        private List<String> requestMedia = List.of();
        private Class<?> requestSchema;
        private String responseMedia = "application/json";
        private Class<?> responseSchema;
        private boolean responseList;
        private int successStatus = 200;
        private final Map<Integer, String> statuses = new LinkedHashMap<>();

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Builder summary(String text) {
            this.summary = text;
            return this;
        }

        Builder access(Access level) {
            this.access = level;
            return this;
        }

        Builder query(String name, String description) {
            query.add(new Param(name, description, false));
            return this;
        }

        Builder requiredQuery(String name, String description) {
            query.add(new Param(name, description, true));
            return this;
        }

        Builder body(Class<?> schema, String... media) {
            this.requestSchema = schema;
            this.requestMedia = List.of(media);
            return this;
        }

        Builder returns(Class<?> schema) {
            this.responseSchema = schema;
            return this;
        }

        Builder returnsList(Class<?> schema) {
            this.responseSchema = schema;
            this.responseList = true;
            return this;
        }

        Builder media(String type) {
            this.responseMedia = type;
            return this;
        }

        Builder status(int code) {
            this.successStatus = code;
            return this;
        }

        Builder also(int code, String meaning) {
            statuses.put(code, meaning);
            return this;
        }

        void handle(Function<List<String>, Route> handler) {
            endpoints.add(new Endpoint(method, path, access, tag, summary, List.copyOf(query), requestMedia, requestSchema,
                    responseMedia, responseSchema, responseList, successStatus, Map.copyOf(statuses), handler));
        }

        void handle(Supplier<Route> handler) {
            handle(params -> handler.get());
        }
    }
}
