package org.transferlab.lab.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.TrialView;

/** The orchestrator's HTTP API as the multi-process tests use it. */
record LabApi(String base, String token) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    boolean healthy() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String submit(String specYaml) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/experiments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(specYaml)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body()).get("id").asText();
    }

    List<SlotView> slots() throws IOException, InterruptedException {
        return List.of(get("/api/cluster/slots", SlotView[].class));
    }

    ExperimentView experiment(String id) throws IOException, InterruptedException {
        return get("/api/experiments/" + id, ExperimentView.class);
    }

    List<TrialView> trials(String id) throws IOException, InterruptedException {
        return List.of(get("/api/experiments/" + id + "/trials", TrialView[].class));
    }

    List<MetricPoint> metrics(String id) throws IOException, InterruptedException {
        return List.of(get("/api/experiments/" + id + "/metrics", MetricPoint[].class));
    }

    /** The experiment's recorded events: its SSE stream replays them and ends with the experiment. */
    List<LabEvent> events(String id) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/experiments/" + id + "/events")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
        try (var lines = r.body()) {
            return lines.filter(l -> l.startsWith("data:"))
                    .map(l -> Json.read(l.substring(5).strip(), LabEvent.class))
                    .toList();
        }
    }

    private <T> T get(String path, Class<T> type) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.read(r.body(), type);
    }
}
