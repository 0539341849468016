package org.transferlab.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * A small, real HTTP server on port 0 that speaks the TransferLab API contract for one experiment
 * ({@code exp-1}, two running trials), including the SSE stream: recorded events are replayed on
 * connect and {@link #publish} sends live ones to every open stream.
 */
public final class FakeLabApi implements AutoCloseable {

    public static final String EXPERIMENT_ID = "exp-1";
    public static final String TOKEN = "secret-token";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicLong seq = new AtomicLong();
    private final List<LabEvent> recorded = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<LabEvent>> streams = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> lastSubmittedSpec = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final Instant created = Instant.parse("2026-11-25T10:00:00Z");
    private final StagedExperiments staged = new StagedExperiments();
    private final Map<String, AtomicInteger> repliesWithoutBody = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeLabApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/", this::route);
        server.start();
        record(new LabEvent(0, EXPERIMENT_ID, null, LabEvent.Kind.EXPERIMENT_STARTED, 0, "started", null, null));
        record(metrics("trial-1", 1, 0.70, 0.90));
        record(metrics("trial-1", 2, 0.81, 0.62));
        record(metrics("trial-2", 1, 0.65, 1.02));
    }

    /** The slot a staged (GTL, distillation) trial ran on, named as a real lab names it: longer than its column's header. */
    public static String stagedSlot(int trialNumber) {
        return "slot-" + (trialNumber % 2) + "@tlab@127.0.0.1:25520 (cpu)";
    }

    /** The trial the cluster view's first slot runs, with an id as long as a real lab's. */
    public static final String CLUSTER_RUNNING_TRIAL = "exp-4fc07b1871-t12";

    /** The id of the cluster view's slot {@code index}, as long as a real lab's ("slot-0@tlab@127.0.0.1:25520"). */
    public static String clusterSlot(int index) {
        return "slot-" + index + "@tlab@127.0.0.1:25520";
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A {@code trial.metrics} event with val_accuracy and val_loss at the given epoch. */
    public LabEvent metrics(String trialId, int epoch, double valAccuracy, double valLoss) {
        return new LabEvent(0, EXPERIMENT_ID, trialId, LabEvent.Kind.TRIAL_METRICS, System.currentTimeMillis(), null, epoch,
                Map.of("val_accuracy", valAccuracy, "val_loss", valLoss));
    }

    /** Records an event and streams it to every open subscriber. */
    public void publish(LabEvent event) {
        LabEvent numbered = record(event);
        streams.forEach(q -> q.add(numbered));
    }

    public int openStreams() {
        return streams.size();
    }

    public String lastSubmittedSpec() {
        return lastSubmittedSpec.get();
    }

    public String lastAuthorization() {
        return lastAuthorization.get();
    }

    /**
     * Answers the next {@code count} GETs of {@code path} with a 200 and no body, as an API that is
     * still starting up behind a proxy may: a reply that carries no data and is no API error.
     */
    public void answerWithoutBody(String path, int count) {
        repliesWithoutBody.put(path, new AtomicInteger(count));
    }

    /** How many of those replies to {@code path} are still to be given. */
    public int repliesWithoutBodyLeft(String path) {
        AtomicInteger left = repliesWithoutBody.get(path);
        return left == null ? 0 : left.get();
    }

    private LabEvent record(LabEvent event) {
        LabEvent numbered = new LabEvent(seq.incrementAndGet(), event.experimentId(), event.trialId(), event.kind(),
                event.time(), event.message(), event.epoch(), event.metrics());
        recorded.add(numbered);
        return numbered;
    }

    private ExperimentView experiment() {
        double best = trials().stream().map(TrialView::objective).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new ExperimentView(EXPERIMENT_ID, "cifar-finetune", "finetune", ExperimentStatus.RUNNING, created, null,
                "val_accuracy", "max", 2, 0, 0, Double.isNaN(best) ? null : best, "trial-1", null, null);
    }

    private List<TrialView> trials() {
        return List.of(trial("trial-1", 1, Map.of("lr", 0.001, "batch", 64), "node-a/cpu-0"),
                trial("trial-2", 2, Map.of("lr", 0.01, "batch", 64), "node-a/cpu-1"));
    }

    private TrialView trial(String id, int number, Map<String, Object> params, String slot) {
        int epochs = 0;
        Map<String, Double> last = Map.of();
        for (LabEvent e : recorded) {
            if (id.equals(e.trialId()) && e.kind() == LabEvent.Kind.TRIAL_METRICS && e.epoch() >= epochs) {
                epochs = e.epoch();
                last = e.metrics();
            }
        }
        return new TrialView(id, EXPERIMENT_ID, number, TrialStage.FINETUNE, TrialStatus.RUNNING, params, slot, epochs, last,
                last.get("val_accuracy"), created.plusSeconds(number), null, null);
    }

    private List<MetricPoint> points(String trialId) {
        List<MetricPoint> points = new ArrayList<>();
        for (LabEvent e : recorded) {
            if (e.kind() == LabEvent.Kind.TRIAL_METRICS && (trialId == null || trialId.equals(e.trialId()))) {
                e.metrics().forEach((name, value) -> points.add(new MetricPoint(e.trialId(), e.epoch(), name, value, e.time())));
            }
        }
        return points;
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("POST") && path.equals("/api/experiments")) {
                submit(exchange);
            } else if (path.equals("/api/whoami")) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth == null || auth.equals("Bearer " + TOKEN)) {
                    json(exchange, 200, new org.transferlab.protocol.view.WhoAmI(auth == null ? "anonymous" : "fake admin",
                            auth == null ? "none" : "admin", false));
                } else {
                    json(exchange, 401, new ApiError(401, "Unauthorized", "the Bearer token is unknown or revoked", List.of()));
                }
            } else if (method.equals("GET") && repliesWithoutBody.getOrDefault(path, new AtomicInteger()).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(200, -1);
            } else if (path.equals("/api/experiments")) {
                List<ExperimentView> all = new ArrayList<>(List.of(experiment()));
                all.addAll(staged.experiments());
                json(exchange, 200, all);
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID + "/event-log")) {
                json(exchange, 200, recorded);
            } else if (path.matches("/api/experiments/exp-(gtl|distill|seeds|multi)(/.*)?")) {
                String[] parts = path.split("/");
                String id = parts[3];
                String rest = parts.length > 4 ? parts[4] : "";
                switch (rest) {
                    case "" -> json(exchange, 200, staged.experiment(id));
                    case "trials" -> json(exchange, 200, staged.trials(id));
                    case "metrics" -> json(exchange, 200, staged.metrics(id));
                    case "artifacts" -> json(exchange, 200, staged.artifacts(id));
                    case "event-log" -> json(exchange, 200, List.of());
                    case "comparison" -> json(exchange, 200, Comparison.of(staged.trials(id), "val_accuracy", "max"));
                    case "events" -> {
                        // a finished experiment's stream: nothing to replay, and it ends
                        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, -1);
                    }
                    default -> json(exchange, 404, new ApiError(404, "Not Found", "no such resource: " + path, List.of()));
                }
            } else if (path.equals("/api/artifacts/" + StagedExperiments.GUIDE_ARTIFACT)) {
                byte[] body = staged.guideSummary().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else if (path.equals("/api/cluster/workers")) {
                json(exchange, 200, List.of(new org.transferlab.protocol.view.WorkerView("node-a", 2, 1, List.of("cpu"), 0.5)));
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID)) {
                json(exchange, 200, experiment());
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID + "/comparison")) {
                json(exchange, 200, Comparison.of(trials(), "val_accuracy", "max"));
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID + "/trials")) {
                json(exchange, 200, trials());
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID + "/metrics")) {
                json(exchange, 200, points(null));
            } else if (path.startsWith("/api/trials/") && path.endsWith("/metrics")) {
                json(exchange, 200, points(path.split("/")[3]));
            } else if (path.equals("/api/experiments/" + EXPERIMENT_ID + "/events")) {
                stream(exchange);
            } else if (path.equals("/api/cluster/slots")) {
                json(exchange, 200, List.of(
                        new org.transferlab.protocol.view.SlotView(clusterSlot(0), "node-a", "cpu", "running", CLUSTER_RUNNING_TRIAL, 0.8, 240L),
                        new org.transferlab.protocol.view.SlotView(clusterSlot(1), "node-a", "cpu", "idle", null, 0.2, 60L)));
            } else {
                json(exchange, 404, new ApiError(404, "Not Found", "no such resource: " + path, List.of()));
            }
        } finally {
            exchange.close();
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
        String spec = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastSubmittedSpec.set(spec);
        if (!("Bearer " + TOKEN).equals(lastAuthorization.get())) {
            json(exchange, 401, new ApiError(401, "Unauthorized", "a valid bearer token is required", List.of()));
        } else if (!spec.contains("name:")) {
            json(exchange, 400, new ApiError(400, "Bad Request", "the spec has 1 error: name: is required",
                    List.of(new FieldError("name", "is required"))));
        } else {
            json(exchange, 201, new SubmitResult("exp-2", "new", 4));
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<LabEvent> queue = new LinkedBlockingQueue<>(recorded);
        streams.add(queue);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (;;) {
                LabEvent event = queue.poll(200, TimeUnit.MILLISECONDS);
                String frame = event == null ? ": keep-alive\n\n"
                        : "id: " + event.seq() + "\nevent: " + event.kind().wire() + "\ndata: " + Json.write(event) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException subscriberGone) {
            // the client closed its stream
        } finally {
            streams.remove(queue);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
