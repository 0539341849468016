package org.transferlab.orchestrator.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCheckpoint;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Fuzzes every route of a real orchestrator (actor system, H2 store and HTTP server on port 0)
 * that holds one finished experiment with trials, metrics, events and an artifact. The routes come
 * from the server's own OpenAPI document, so a new route is fuzzed without anyone adding it here.
 *
 * <p>Requests are random in method, path parameters (real ids and junk), query, content type, body
 * (mutated example specs, random bytes, empty, over the size limits) and token (none, unknown,
 * read-only, admin where it cannot change anything legitimately; a write token for spec
 * submissions). The properties: no reply is a 5xx, every error is JSON, the server is healthy
 * afterwards, and what was recorded before is unchanged, apart from what an authorised valid
 * request legitimately created.
 *
 * <p>Bounded by time ({@code -Dtlab.fuzz.seconds}, per test) and seeded ({@code -Dtlab.fuzz.seed});
 * a failure names the seed and the request, so it replays.
 */
class ApiFuzzTest {

    private static final long SEED = Long.getLong("tlab.fuzz.seed", 9_2026L);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("tlab.fuzz.seconds", 25));
    private static final int MAX_CASES = Integer.getInteger("tlab.fuzz.cases", 5_000);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** The status recorded when the connection closed without any reply. */
    private static final int NO_REPLY = 598;
    /** Replies are read up to this size: an error may quote a good part of a large body. */
    private static final int MAX_REPLY = 8 * 1024 * 1024;
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/yaml", "text/yaml",
            "application/x-yaml", "text/plain", "text/plain; charset=utf-16", "application/json; charset=iso-8859-1",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream",
            "text/html", "image/png", "foo", "application/", ";;;", "*/*");

    @TempDir
    static Path dataDir;
    static TestLab lab;
    static String finished;
    static String readToken;
    static String writeToken;
    static String adminToken = "test-token";
    static Set<String> realIds = new LinkedHashSet<>();
    static List<Route> routes;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A route from the OpenAPI document. */
    record Route(String method, String path, List<String> query) {}

    /** What went over the wire and came back, for the failure message. */
    record Exchange(String method, String uri, String contentType, String token, String body, int status, String reply) {
        @Override
        public String toString() {
            return method + " " + uri + " [" + contentType + ", token " + token + ", body " + body.length() + " chars: "
                    + abbreviate(body) + "] -> " + status + " " + abbreviate(reply);
        }
    }

    @BeforeAll
    static void startLabWithOneFinishedExperiment() throws Exception {
        Path failures = Path.of("target", "fuzz-failures");
        if (Files.isDirectory(failures)) {
            try (var old = Files.list(failures)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        lab = new TestLab(dataDir, Map.of());
        finished = runOneExperimentToTheEnd();
        readToken = createToken("fuzz-reader", "read");
        writeToken = createToken("fuzz-writer", "write");
        JsonNode doc = Json.mapper().readTree(send("GET", "/api/openapi.json", null, null, "").reply());
        List<Route> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                List<String> query = new ArrayList<>();
                op.getValue().path("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("query")) {
                        query.add(p.get("name").asText());
                    }
                });
                found.add(new Route(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), query));
            }
        }
        routes = List.copyOf(found);
        assertTrue(routes.size() >= 25, "the OpenAPI document lists every route: " + routes);
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void no_request_on_any_route_gets_a_5xx_or_changes_what_the_lab_recorded() throws Exception {
        Map<String, String> before = snapshot(true);
        Random random = new Random(SEED);
        SpecMutator specs = new SpecMutator(examples(), random);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        Map<String, Integer> perRoute = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int cases = 0;
        for (; cases < MAX_CASES && System.nanoTime() < deadline; cases++) {
            Route route = routes.get(cases % routes.size());
            Exchange x = fuzzOnce(route, random, specs, cases);
            perRoute.merge(route.method() + " " + route.path(), 1, Integer::sum);
            checkReply(x, "routes", cases, problems);
        }
        System.out.println("api fuzz: " + cases + " requests over " + routes.size() + " routes, seed " + SEED);
        assertNoProblems(problems, SEED);
        assertHealthy();
        assertEquals(before, snapshot(true), "a read or an unauthorised or invalid request changed what the lab recorded (seed " + SEED + ")");
        assertTrue(perRoute.size() == routes.size(), "every route was fuzzed: " + perRoute.keySet());
    }

    @Test
    void mutated_specs_get_a_json_400_or_are_accepted_and_leave_what_was_recorded_alone() throws Exception {
        Map<String, String> before = snapshot(false);
        Set<String> experimentsBefore = experimentIds();
        Random random = new Random(SEED + 1);
        SpecMutator specs = new SpecMutator(examples(), random);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        Set<String> created = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        int cases = 0;
        for (; cases < MAX_CASES && System.nanoTime() < deadline; cases++) {
            SpecMutator.Spec spec = specs.next();
            boolean submit = random.nextBoolean();
            String type = random.nextInt(4) == 0 ? pick(random, CONTENT_TYPES) : spec.json() ? "application/json" : "application/yaml";
            Exchange x = send("POST", submit ? "/api/experiments" : "/api/specs/validate", type,
                    random.nextInt(10) == 0 ? null : "Bearer " + writeToken, spec.text());
            checkReply(x, "specs", cases, problems);
            if (submit && x.status() == 201) {
                created.add(Json.read(x.reply(), SubmitResult.class).id());
            }
            if (x.status() < 500 && !Set.of(200, 201, 400, 401, 413, 415).contains(x.status())) {
                problems.add("case " + cases + " (" + spec.how() + ") an unexpected status: " + x);
            }
        }
        System.out.println("spec fuzz: " + cases + " specs, " + created.size() + " accepted, seed " + (SEED + 1));
        assertNoProblems(problems, SEED + 1);
        assertHealthy();
        for (String id : created) {
            assertEquals(202, send("POST", "/api/experiments/" + id + "/cancel", null, "Bearer " + writeToken, "").status());
        }
        Set<String> expected = new LinkedHashSet<>(experimentsBefore);
        expected.addAll(created);
        assertEquals(expected, experimentIds(), "only accepted specs became experiments");
        assertEquals(before, snapshot(false), "what the finished experiment recorded changed (seed " + (SEED + 1) + ")");
    }

    // ---- one random request -------------------------------------------------------------------

    private static Exchange fuzzOnce(Route route, Random random, SpecMutator specs, int n) throws Exception {
        boolean realParams = random.nextBoolean();
        String path = fillPath(route.path(), random, realParams);
        String method = random.nextInt(8) == 0 ? pick(random, METHODS) : route.method();
        String query = query(route, random);
        String token = token(random, method, route, path, realParams);
        String contentType = random.nextInt(6) == 0 ? null : pick(random, CONTENT_TYPES);
        String body = body(random, specs);
        return send(method, path + query, contentType, token, body);
    }

    /** Which token: none, unknown, malformed, read-only, or admin where the request cannot legitimately change anything. */
    private static String token(Random random, String method, Route route, String path, boolean realParams) {
        int pick = random.nextInt(6);
        boolean harmlessForAdmin = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || (!realParams && route.path().contains("{"))
                || (path.startsWith("/api/experiments/" + finished) || path.startsWith("/api/trials/" + finished)) && !method.equals("DELETE");
        return switch (pick) {
            case 0 -> null;
            case 1 -> "Bearer tlab_" + HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(), 1, 2, 3});
            case 2 -> List.of("Basic dGxhYjp0bGFi", "Bearer", "Bearer ", "bearer " + readToken, "Bearer " + "x".repeat(5_000),
                    "Bearer " + readToken + " " + readToken, "Token " + adminToken).get(random.nextInt(7));
            case 3, 4 -> "Bearer " + readToken;
            default -> harmlessForAdmin ? "Bearer " + adminToken : "Bearer " + readToken;
        };
    }

    private static String fillPath(String template, Random random, boolean real) {
        StringBuilder out = new StringBuilder();
        for (String segment : template.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.append('/');
            if (!segment.startsWith("{")) {
                out.append(segment);
            } else if (real) {
                out.append(URLEncoder.encode(pick(random, List.copyOf(realIds)), StandardCharsets.UTF_8));
            } else {
                out.append(junkSegment(random));
            }
        }
        return out.toString();
    }

    private static String junkSegment(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "..";
            case 1 -> "%2e%2e%2f%2e%2e%2fetc%2fpasswd";
            case 2 -> "%00";
            case 3 -> "x".repeat(1 + random.nextInt(3_000));
            case 4 -> URLEncoder.encode("é✓😀'\"<>;--", StandardCharsets.UTF_8);
            case 5 -> finished + "%20";
            case 6 -> "-1";
            case 7 -> "%ZZ";
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private static String query(Route route, Random random) {
        List<String> names = new ArrayList<>(route.query());
        names.addAll(List.of("after", "limit", "format", "experiment", "role", "status", "kind", "x"));
        StringBuilder q = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? '?' : '&').append(pick(random, names)).append('=').append(URLEncoder.encode(pick(random, List.of(
                    "", "0", "-1", "1", "99999999999999999999", "2147483648", "csv", "json", "xml", "CSV", "body", "checkpoint",
                    "guide-summary", "../../x", "COMPLETED", "running", "synthetic", "NaN", "1e9", finished, "x".repeat(2_000))),
                    StandardCharsets.UTF_8));
        }
        if (random.nextInt(20) == 0) {
            q.append(q.isEmpty() ? "?" : "&").append("%zz=%");
        }
        return q.toString();
    }

    private static String body(Random random, SpecMutator specs) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1, 2, 3 -> specs.next().text();
            case 4 -> pick(random, specs.examples());
            case 5 -> "{\"name\": " + "[".repeat(random.nextInt(5_000)) + "}";
            case 6 -> {
                StringBuilder b = new StringBuilder();
                int length = List.of(10, 1_000, 5_000, 300_000).get(random.nextInt(4));
                for (int i = 0; i < length; i++) {
                    b.append((char) random.nextInt(0x250));
                }
                yield b.toString();
            }
            default -> "x".repeat(List.of(4_097, 262_145, 2_000_000).get(random.nextInt(3)));
        };
    }

    // ---- checks -------------------------------------------------------------------------------

    /**
     * Records what is wrong with a reply: a 5xx, or an error that is not a JSON {@link ApiError}. The
     * request goes whole to {@code target/fuzz-failures/} so that it can be replayed by hand.
     */
    private static void checkReply(Exchange x, String test, int n, List<String> problems) {
        String problem = null;
        if (x.status() >= 500) {
            problem = "got a " + x.status();
        } else if (x.status() >= 400 && !x.method().equals("HEAD")) {
            try {
                ApiError error = Json.read(x.reply(), ApiError.class);
                if (error.status() != x.status() || error.message() == null || error.message().isBlank()) {
                    problem = "an error whose JSON does not name its status and problem";
                }
            } catch (RuntimeException e) {
                problem = "an error that is not JSON";
            }
        }
        if (problem != null) {
            Path file = Path.of("target", "fuzz-failures", test + "-" + n + ".txt");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, x.method() + " " + x.uri() + "\nContent-Type: " + x.contentType() + "\nAuthorization: "
                        + x.token() + "\n\n" + x.body() + "\n\n--- reply " + x.status() + "\n" + x.reply());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            problems.add("case " + n + " " + problem + " (" + file + "): " + x);
        }
    }

    private static void assertNoProblems(List<String> problems, long seed) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " bad replies (seed " + seed + "):\n" + String.join("\n", problems.subList(0, Math.min(30, problems.size()))));
        }
    }

    private static void assertHealthy() throws Exception {
        Exchange health = send("GET", "/health", null, null, "");
        assertEquals(200, health.status(), health.toString());
        Exchange list = send("GET", "/api/experiments", null, null, "");
        assertEquals(200, list.status(), list.toString());
        assertEquals(ExperimentStatus.COMPLETED, Json.read(send("GET", "/api/experiments/" + finished, null, null, "").reply(),
                ExperimentView.class).status());
    }

    /** Everything the lab recorded, as the API shows it; with {@code everything} every experiment, else the finished one. */
    private static Map<String, String> snapshot(boolean everything) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> experiments = everything ? List.copyOf(experimentIds()) : List.of(finished);
        if (everything) {
            out.put("experiments", read("/api/experiments"));
        }
        for (String id : experiments) {
            for (String part : List.of("", "/trials", "/metrics", "/artifacts", "/event-log", "/export?format=csv")) {
                out.put(id + part, read("/api/experiments/" + id + part));
            }
            for (TrialView t : Json.mapper().readValue(read("/api/experiments/" + id + "/trials"), TrialView[].class)) {
                out.put(t.id(), read("/api/trials/" + t.id()));
                out.put(t.id() + "/metrics", read("/api/trials/" + t.id() + "/metrics"));
            }
            for (JsonNode a : Json.mapper().readTree(read("/api/experiments/" + id + "/artifacts"))) {
                String artifact = a.get("id").asText();
                out.put("artifact " + artifact, sha256(send("GET", "/api/artifacts/" + artifact, null, "Bearer " + adminToken, "").reply()));
            }
        }
        // token ids, names, roles and revocation; created during the spec fuzz: none (it never holds an admin token)
        out.put("tokens", read("/api/tokens"));
        return out;
    }

    private static Set<String> experimentIds() throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (ExperimentView e : Json.mapper().readValue(read("/api/experiments"), ExperimentView[].class)) {
            ids.add(e.id());
        }
        return ids;
    }

    private static String read(String path) throws Exception {
        Exchange x = send("GET", path, null, "Bearer " + adminToken, "");
        assertEquals(200, x.status(), x.toString());
        return x.reply();
    }

    // ---- the lab ------------------------------------------------------------------------------

    /** Submits a small synthetic sweep and plays its worker slot to the end: trials, metrics, a checkpoint, an artifact. */
    private static String runOneExperimentToTheEnd() throws Exception {
        TestProbe<ToSlot> slot = TestProbe.create(lab.kit.system());
        Exchange submitted = send("POST", "/api/experiments", "application/yaml", "Bearer " + adminToken, """
                name: fuzzed
                kind: synthetic
                seed: 3
                train: {epochs: 2}
                search:
                  algorithm: grid
                  trials: 2
                  maxConcurrent: 1
                  space:
                    x: {type: choice, values: [0.1, 0.2]}
                """);
        assertEquals(201, submitted.status(), submitted.toString());
        String id = Json.read(submitted.reply(), SubmitResult.class).id();
        realIds.add(id);
        for (int trial = 0; trial < 2; trial++) {
            lab.workers().tell(new RequestWork("fuzz-slot", "fuzz-node", "cpu", slot.getRef()));
            WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();
            realIds.add(work.trialId());
            for (int epoch = 1; epoch <= 2; epoch++) {
                lab.workers().tell(new ReportProgress(work.workId(), "fuzz-slot", epoch,
                        Map.of("val_accuracy", 0.1 * epoch + trial, "val_loss", 1.0 / epoch), System.currentTimeMillis(), slot.getRef()));
                slot.expectMessageClass(Decision.class, Duration.ofSeconds(10));
            }
            // Uploaded as a worker would; should uploads ever need a worker's own credentials, the lab holds none and
            // the artifact routes are fuzzed with junk ids only.
            Exchange artifact = send("POST", "/api/artifacts?role=checkpoint&experiment=" + id, "application/octet-stream",
                    "Bearer " + adminToken, "weights of trial " + trial);
            Map<String, String> outputs = Map.of();
            if (artifact.status() == 201) {
                String artifactId = Json.mapper().readTree(artifact.reply()).get("id").asText();
                realIds.add(artifactId);
                outputs = Map.of("checkpoint", artifactId);
                lab.workers().tell(new ReportCheckpoint(work.workId(), "fuzz-slot", 2, artifactId));
            }
            lab.workers().tell(new ReportCompleted(work.workId(), "fuzz-slot",
                    new WorkResult(Map.of("val_accuracy", 0.2 + trial), outputs, false)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Json.read(send("GET", "/api/experiments/" + id, null, null, "").reply(),
                ExperimentView.class).status() == ExperimentStatus.COMPLETED);
        return id;
    }

    private static String createToken(String name, String role) throws Exception {
        Exchange x = send("POST", "/api/tokens", "application/json", "Bearer " + adminToken,
                "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, x.status(), x.toString());
        JsonNode token = Json.mapper().readTree(x.reply());
        realIds.add(token.get("id").asText());
        return token.get("token").asText();
    }

    private static Path examples() {
        Path here = Path.of("").toAbsolutePath();
        Path examples = here.resolve("examples");
        return examples.toFile().isDirectory() ? examples : here.getParent().resolve("examples");
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** One request; the reply is read up to {@link #MAX_REPLY} (an event stream not at all: it may stay open). */
    static Exchange send(String method, String pathAndQuery, String contentType, String authorization, String body) throws IOException {
        Exchange x = send(HTTP, method, pathAndQuery, contentType, authorization, body, false);
        if (x.status() == NO_REPLY) {
            // The server answers a request it refuses before reading its body, then closes the connection. A
            // client still writing a large body, or reusing that kept-alive connection, sees no reply; it then
            // retries on a new connection with "Expect: 100-continue", which lets the server refuse before the
            // body is sent, and so does this one. A request the server itself never answers fails here again.
            try (HttpClient fresh = HttpClient.newHttpClient()) {
                x = send(fresh, method, pathAndQuery, contentType, authorization, body, !body.isEmpty());
            }
        }
        return x;
    }

    private static Exchange send(HttpClient client, String method, String pathAndQuery, String contentType, String authorization,
            String body, boolean expectContinue) throws IOException {
        URI uri;
        try {
            uri = new URI(lab.orchestrator.url() + pathAndQuery);
        } catch (java.net.URISyntaxException e) {
            return sendRaw(method, pathAndQuery, contentType, authorization, body); // a target java.net.URI refuses to build
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).expectContinue(expectContinue)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            String reply;
            try (InputStream in = response.body()) {
                boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                reply = stream ? "(event stream)" : new String(readAtMost(in, MAX_REPLY), StandardCharsets.UTF_8);
            }
            return new Exchange(method, pathAndQuery, contentType, authorization == null ? "none" : abbreviate(authorization), body,
                    response.statusCode(), reply);
        } catch (HttpTimeoutException e) {
            return new Exchange(method, pathAndQuery, contentType, String.valueOf(authorization), body, 599,
                    "no reply within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            // the server closed the connection without an answer: as bad as a 5xx for whoever sent it
            return new Exchange(method, pathAndQuery, contentType, String.valueOf(authorization), body, NO_REPLY,
                    "no reply: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The request written by hand on a socket, for request targets the HTTP client will not send. */
    private static Exchange sendRaw(String method, String target, String contentType, String authorization, String body) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        URI base = URI.create(lab.orchestrator.url());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            var out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                // the server answered (a 414, a 413) and closed before the body was written: read that answer
            }
            String reply = new String(readAtMost(socket.getInputStream(), MAX_REPLY), StandardCharsets.UTF_8);
            String[] statusLine = reply.lines().findFirst().orElse("").split(" ");
            int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 599;
            int split = reply.indexOf("\r\n\r\n");
            return new Exchange(method, target, contentType, authorization == null ? "none" : abbreviate(authorization), body, status,
                    split < 0 ? "" : reply.substring(split + 4));
        } catch (java.net.SocketTimeoutException e) {
            return new Exchange(method, target, contentType, String.valueOf(authorization), body, 599,
                    "no reply within " + REQUEST_TIMEOUT.toSeconds() + " s");
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String abbreviate(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
