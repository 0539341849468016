package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.WorkItem;

/**
 * A real full disk: the lab's data directory is a 16 MB tmpfs that the test fills to the last
 * byte while an experiment runs. The artifact store answers 507 naming "no space left", /health
 * says the store is unavailable, and once the filler is deleted the same orchestrator (no
 * restart) reopens its H2 database, finishes the experiment, and still has everything it recorded
 * before the disk filled. A failed trial shows in the experiment's {@code failedTrials}.
 *
 * <p>Needs root to mount the tmpfs; CI runs as root. Skipped, saying why, for anyone else; as root
 * a mount that is refused fails the test rather than skipping it.
 */
class DiskFullTest {

    static final String SWEEP = """
            name: disk-full
            kind: synthetic
            seed: 4
            train: {epochs: 4}
            limits: {maxRetries: 0}
            search:
              algorithm: grid
              trials: 2
              maxConcurrent: 1
              space:
                x: {type: choice, values: [0.1, 0.2]}
            """;

    @TempDir
    Path dir;
    Path mount;
    TestLab lab;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void mountSmallDisk() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the disk-full test mounts a small tmpfs, which needs root (CI runs as root)");
        mount = Files.createDirectories(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mount -t tmpfs failed as root: " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_full_disk_fails_uploads_by_name_health_tells_and_the_lab_recovers_by_itself_losing_nothing() throws Exception {
        lab = new TestLab(mount, Map.of(
                "transferlab.orchestrator.store-retry-min-backoff", "200ms",
                "transferlab.orchestrator.store-retry-max-backoff", "1s"));
        ProbeSlots slots = new ProbeSlots(lab);
        String id = slots.submit(SWEEP);
        ProbeSlot a = slots.slot("a");
        WorkItem first = a.take();
        assertFalse(a.progress(first, 1, 0.2).stop());
        assertFalse(a.progress(first, 2, 0.3).stop());
        await().atMost(Duration.ofSeconds(5)).until(() -> lab.orchestrator.store().metrics().ofTrial(first.trialId()).size() == 4);
        assertEquals(200, lab.get("/health").statusCode());
        List<MetricPoint> metricsBefore = lab.orchestrator.store().metrics().ofExperiment(id);
        List<LabEvent> eventsBefore = lab.orchestrator.store().events().after(id, 0, 10_000);

        Path filler = mount.resolve("filler");
        fill(filler);

        // A worker's checkpoint upload: refused by name, not a 500.
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(
                        URI.create(lab.orchestrator.url() + "/api/artifacts?experiment=" + id + "&role=checkpoint"))
                .header("Authorization", "Bearer " + first.uploadGrant()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[256 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(507, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("no space left"), upload.body());

        // The next results cannot be stored: the store says so, and so does /health.
        a.progress(first, 3, 0.4);
        JsonNode health = await("health reports the full disk").atMost(Duration.ofSeconds(10)).until(
                () -> Json.mapper().readTree(lab.get("/health").body()), h -> h.path("problem").asText().contains("no space left"));
        assertEquals("unavailable", health.path("store").asText(), health.toString());
        assertEquals(503, lab.get("/health").statusCode());

        Files.delete(filler);
        await("health recovers without a restart").atMost(Duration.ofSeconds(15)).until(() -> lab.get("/health").statusCode() == 200);
        assertEquals("ok", Json.mapper().readTree(lab.get("/health").body()).path("store").asText());

        // The experiment goes on: its running trial is queued again and a slot finishes it.
        ProbeSlot b = slots.slot("b");
        WorkItem again = b.take();
        assertEquals(first.trialId(), again.trialId());
        for (int epoch = 1; epoch <= 4; epoch++) {
            b.progress(again, epoch, 0.1 * (epoch + 1));
        }
        b.complete(again, 0.5, Map.of());
        WorkItem second = b.take();
        b.fail(second, "IOException: No space left on device");
        ExperimentView done = await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id), e -> e.status().terminal());

        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());
        assertEquals(1, done.failedTrials());
        assertEquals("COMPLETED, 1 of 2 trials failed", done.statusText());
        JsonNode json = Json.mapper().readTree(lab.get("/api/experiments/" + id).body());
        assertEquals(1, json.path("failedTrials").asInt(), json.toString());
        assertEquals(TrialStatus.FAILED, slots.trial(second.trialId()).status());
        assertTrue(slots.trial(second.trialId()).message().contains("No space left"));

        // Nothing recorded before the disk filled was lost or changed.
        List<MetricPoint> metricsAfter = lab.orchestrator.store().metrics().ofExperiment(id);
        assertTrue(metricsAfter.containsAll(metricsBefore), "before: " + metricsBefore + "\nafter: " + metricsAfter);
        assertEquals(8, metricsAfter.stream().filter(m -> m.trialId().equals(first.trialId())).count(), "4 epochs x 2 metrics, none twice");
        List<LabEvent> eventsAfter = lab.orchestrator.store().events().after(id, 0, 10_000);
        assertTrue(eventsAfter.containsAll(eventsBefore));
    }

    /** Writes until the file system refuses: the disk is full to the last block. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }
}
