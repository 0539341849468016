package org.transferlab.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.Lineage;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.TokenView;
import org.transferlab.protocol.view.WhoAmI;
import org.transferlab.protocol.view.WorkerView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.view.TrialView;

/**
 * Client of the TransferLab HTTP API over {@link HttpClient}. Every call is blocking and thread-safe;
 * an API error becomes a {@link LabApiException} carrying the API's message, an unreachable API one
 * with status 0. The event stream runs on its own thread ({@link #subscribe}).
 */
public final class LabApiClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param apiUrl base URL of the API, e.g. {@code http://127.0.0.1:7070}
     * @param token  bearer token for state-changing calls, or {@code null}
     */
    public LabApiClient(URI apiUrl, String token) {
        this(apiUrl, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private LabApiClient(URI apiUrl, String token, HttpClient http) {
        String url = Objects.requireNonNull(apiUrl, "apiUrl").toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = http;
    }

    /** A client of the same API, sharing connections, that sends another token (a dashboard user's). */
    public LabApiClient withToken(String newToken) {
        return new LabApiClient(base, newToken, http);
    }

    public URI baseUrl() {
        return base;
    }

    /** The token this client sends, or null. */
    public String token() {
        return token;
    }

    /** Who the API takes this client's token to be; throws with status 401 for an unknown token. */
    public WhoAmI whoami() {
        return get("api/whoami", new TypeReference<WhoAmI>() {});
    }

    /** Checks a spec without submitting it. */
    public SpecValidation validate(String yamlSpec) {
        return send(body("api/specs/validate", "application/yaml", yamlSpec), Json.mapper().constructType(SpecValidation.class));
    }

    /** Recorded events of an experiment, oldest first (at most {@code limit}). */
    public List<LabEvent> eventLog(String experimentId, long after, int limit) {
        return get("api/experiments/" + segment(experimentId) + "/event-log?after=" + after + "&limit=" + limit,
                new TypeReference<List<LabEvent>>() {});
    }

    /** The experiment's artifacts as the API lists them ({@code id}, {@code role}, {@code sha256}, {@code size}, ...). */
    public List<Map<String, Object>> artifacts(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/artifacts", new TypeReference<List<Map<String, Object>>>() {});
    }

    /**
     * An artifact's content as text (small JSON artifacts such as a guide summary), read as a stream
     * and never more than {@code maxBytes} of it: a larger artifact (they may be hundreds of MB)
     * throws {@link ArtifactTooLargeException} without being read into memory.
     */
    public String artifactText(String artifactId, long maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/artifacts/" + segment(artifactId)))
                .timeout(REQUEST_TIMEOUT).GET();
        authorize(request);
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new LabApiException(0, null, "TransferLab API at " + base + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabApiException(0, null, "interrupted while reading artifact " + artifactId, e);
        }
        try (java.io.InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw failure(response.statusCode(), new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > maxBytes) {
                throw new ArtifactTooLargeException(artifactId, announced, maxBytes);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ArtifactTooLargeException(artifactId, -1, maxBytes);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabApiException(0, null, "reading artifact " + artifactId + " failed: " + e.getMessage(), e);
        }
    }

    /** An artifact larger than a view may read into memory. */
    public static final class ArtifactTooLargeException extends LabApiException {
        public ArtifactTooLargeException(String artifactId, long size, long limit) {
            super(413, null, "artifact " + artifactId + (size >= 0 ? " is " + size + " bytes," : " is") + " larger than the "
                    + limit + " bytes the dashboard reads (transferlab.dashboard.max-artifact-text)", null);
        }
    }

    /** The experiment's trials and metrics as CSV or JSON text. */
    public String export(String experimentId, String format) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/experiments/" + segment(experimentId)
                + "/export?format=" + URLEncoder.encode(format, StandardCharsets.UTF_8))).timeout(REQUEST_TIMEOUT).GET();
        authorize(request);
        return send(request.build(), Json.mapper().constructType(String.class), true);
    }

    public List<WorkerView> workers() {
        return get("api/cluster/workers", new TypeReference<List<WorkerView>>() {});
    }

    public List<TokenView> tokens() {
        return get("api/tokens", new TypeReference<List<TokenView>>() {});
    }

    /** Creates a token; the reply carries its secret, shown this once. */
    public TokenView createToken(String name, String role) {
        String json = Json.write(Map.of("name", name, "role", role));
        return send(body("api/tokens", "application/json", json), Json.mapper().constructType(TokenView.class));
    }

    public void revokeToken(String tokenId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/tokens/" + segment(tokenId)))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").DELETE();
        authorize(request);
        send(request.build(), Json.mapper().constructType(Map.class));
    }

    private HttpRequest body(String path, String type, String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", type)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        authorize(request);
        return request.build();
    }

    private void authorize(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    public List<ExperimentView> experiments() {
        return get("api/experiments", new TypeReference<List<ExperimentView>>() {});
    }

    public ExperimentView experiment(String id) {
        return get("api/experiments/" + segment(id), new TypeReference<ExperimentView>() {});
    }

    public List<TrialView> trials(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/trials", new TypeReference<List<TrialView>>() {});
    }

    /**
     * The method against its automatic baseline: the best configuration on the selection metric paired
     * seed by seed with the baseline, with each metric's mean difference and 95 % interval (the objective
     * and every {@code test_*} metric the trials report).
     */
    public Comparison comparison(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/comparison", new TypeReference<Comparison>() {});
    }

    /** {@link #comparison(String)} of the objective and the named held-out metrics only. */
    public Comparison comparison(String experimentId, List<String> heldOutMetrics) {
        return get("api/experiments/" + segment(experimentId) + "/comparison?metric="
                + URLEncoder.encode(String.join(",", heldOutMetrics), StandardCharsets.UTF_8), new TypeReference<Comparison>() {});
    }

    /** The experiment's sweep trials placed by its objectives, each with its non-dominated rank (0 = on the Pareto front). */
    /** Population-based training's exploits and each sweep trial's hyperparameters over time. */
    public Lineage lineage(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/lineage", new TypeReference<Lineage>() {});
    }

    public ParetoFront pareto(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/pareto", new TypeReference<ParetoFront>() {});
    }

    /**
     * The transferability stage's candidates, best score first, each with whether the sweep dropped
     * it; no candidates until the stage completed. Throws (404) for an experiment without the stage:
     * ask only when its spec's {@code transferability} section is on.
     */
    public TransferabilityView transferability(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/transferability", new TypeReference<TransferabilityView>() {});
    }

    /** Every recorded metric point of every trial of the experiment. */
    public List<MetricPoint> experimentMetrics(String experimentId) {
        return get("api/experiments/" + segment(experimentId) + "/metrics", new TypeReference<List<MetricPoint>>() {});
    }

    public List<MetricPoint> trialMetrics(String trialId) {
        return get("api/trials/" + segment(trialId) + "/metrics", new TypeReference<List<MetricPoint>>() {});
    }

    public List<SlotView> slots() {
        return get("api/cluster/slots", new TypeReference<List<SlotView>>() {});
    }

    /** Submits a YAML experiment spec; a rejected spec throws with the API's field errors attached. */
    public SubmitResult submit(String yamlSpec) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/experiments"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/yaml")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(yamlSpec, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), Json.mapper().constructType(SubmitResult.class));
    }

    /** Cancels a running experiment; throws if it is unknown or already finished (409). */
    public void cancel(String experimentId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/experiments/" + segment(experimentId) + "/cancel"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        send(request.build(), Json.mapper().constructType(java.util.Map.class));
    }

    /** Pauses a running experiment (202); throws if it is unknown (404) or not running (409). Returns the new status. */
    public String pause(String experimentId) {
        return control("api/experiments/" + segment(experimentId) + "/pause");
    }

    /** Resumes a paused experiment; throws if it is unknown (404) or not paused (409). Returns the new status. */
    public String resume(String experimentId) {
        return control("api/experiments/" + segment(experimentId) + "/resume");
    }

    /**
     * Stops one trial: {@code STOPPED} if it had not started, {@code STOPPING} while it finishes its
     * epoch; throws if it is unknown (404) or already ended (409).
     */
    public String stopTrial(String trialId) {
        return control("api/trials/" + segment(trialId) + "/stop");
    }

    private String control(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        java.util.Map<?, ?> reply = send(request.build(), Json.mapper().constructType(java.util.Map.class));
        return reply == null ? null : String.valueOf(reply.get("status"));
    }

    /**
     * Streams the experiment's events: first those already recorded, then live ones, each delivered
     * once and in order on the subscription's thread until the subscription is closed.
     */
    public EventSubscription subscribe(String experimentId, LabEventListener listener) {
        return subscribe(experimentId, -1, listener);
    }

    /** Like {@link #subscribe(String, LabEventListener)}, but only events after sequence number {@code afterSeq} (-1: all). */
    public EventSubscription subscribe(String experimentId, long afterSeq, LabEventListener listener) {
        URI uri = base.resolve("api/experiments/" + segment(experimentId) + "/events");
        return new SseSubscription(http, uri, token, afterSeq, Objects.requireNonNull(listener, "listener")).start();
    }

    private <T> T get(String path, TypeReference<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        authorize(request);
        return send(request.build(), Json.mapper().getTypeFactory().constructType(type));
    }

    private <T> T send(HttpRequest request, JavaType type) {
        return send(request, type, false);
    }

    @SuppressWarnings("unchecked")
    private <T> T send(HttpRequest request, JavaType type, boolean rawText) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabApiException(0, null, "TransferLab API at " + base + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabApiException(0, null, "interrupted while calling " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body());
        }
        if (rawText) {
            return (T) response.body();
        }
        if (response.body().isBlank()) {
            return null; // e.g. 204 No Content from a state change
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new LabApiException(response.statusCode(), null,
                    "unexpected reply from " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** The exception for a non-2xx reply, using the API's {@link ApiError} message when the body is one. */
    static LabApiException failure(int status, String body) {
        ApiError error = null;
        try {
            error = Json.mapper().readValue(body, ApiError.class);
        } catch (IOException | RuntimeException notAnApiError) {
            // fall through to the raw body
        }
        if (error != null && error.message() != null) {
            return new LabApiException(status, error, error.message(), null);
        }
        String text = body == null || body.isBlank() ? "HTTP " + status : "HTTP " + status + ": " + abbreviate(body);
        return new LabApiException(status, null, text, null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String segment(String id) {
        return URLEncoder.encode(Objects.requireNonNull(id, "id"), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
