package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnTestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TokenView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Artifacts come only from the work that produces them: the supervisor hands each assigned unit of
 * work an upload grant, good for its own experiment while it runs; user tokens, other experiments'
 * grants and ended work's grants are refused, and nothing refused is stored.
 */
class ArtifactUploadRightsTest extends OnTestLab {

    private static final String SPEC = """
            name: rights
            kind: synthetic
            seed: 1
            search: {algorithm: grid, trials: 2, maxConcurrent: 1, space: {x: {type: choice, values: [0.1, 0.2]}}}
            """;

    ApiCalls api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void connectApi() {
        api = new ApiCalls(lab.orchestrator.url());
    }

    private HttpResponse<String> upload(String query, String bearer, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lab.orchestrator.url() + "/api/artifacts?" + query))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"forged\": true}"));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode artifacts(String experiment) throws Exception {
        return Json.mapper().readTree(api.get("/api/experiments/" + experiment + "/artifacts", null).body());
    }

    @Test
    void user_tokens_cannot_put_artifacts_into_an_experiment() throws Exception {
        String experiment = Json.read(lab.post("/api/experiments", SPEC, "test-token").body(), SubmitResult.class).id();
        String writer = Json.read(api.call("POST", "/api/tokens", "{\"name\":\"ci\",\"role\":\"write\"}", "application/json",
                "test-token").body(), TokenView.class).token();
        for (String token : new String[] {writer, "test-token"}) {
            HttpResponse<String> r = upload("experiment=" + experiment + "&role=guide-summary", token, "application/octet-stream");
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(Json.read(r.body(), ApiError.class).message().contains("user tokens"), r.body());
        }
        assertEquals(401, upload("experiment=" + experiment + "&role=guide-summary", null, "application/octet-stream").statusCode());
        assertEquals(401, upload("experiment=" + experiment + "&role=guide-summary", "upl_0123", "application/octet-stream").statusCode());
        // what a browser form could send is refused before anything is read
        assertEquals(415, upload("experiment=" + experiment + "&role=guide-summary", null, "text/plain").statusCode());
        assertEquals(0, artifacts(experiment).size(), "nothing was stored");
    }

    @Test
    void running_work_uploads_into_its_own_experiment_only_and_only_while_it_runs() throws Exception {
        String experiment = Json.read(lab.post("/api/experiments", SPEC, "test-token").body(), SubmitResult.class).id();
        String other = Json.read(lab.post("/api/experiments", SPEC.replace("rights", "other"), "test-token").body(),
                SubmitResult.class).id();
        TestProbe<ToSlot> slot = TestProbe.create(lab.kit.system());
        lab.workers().tell(new RequestWork("slot-a", "test-node", "cpu", slot.getRef()));
        WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();
        String grant = work.uploadGrant();
        assertNotNull(grant, "assigned work carries its upload grant");
        String own = work.experimentId();
        String foreign = own.equals(experiment) ? other : experiment;

        HttpResponse<String> stored = upload("experiment=" + own + "&role=checkpoint", grant, "application/octet-stream");
        assertEquals(201, stored.statusCode(), stored.body());
        String id = Json.mapper().readTree(stored.body()).path("id").asText();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("artifacts").resolve(id))));
        HttpResponse<String> noExperiment = upload("role=checkpoint", grant, "application/octet-stream");
        assertEquals(201, noExperiment.statusCode(), "the grant names the experiment: " + noExperiment.body());
        assertEquals(2, artifacts(own).size());

        HttpResponse<String> elsewhere = upload("experiment=" + foreign + "&role=guide-summary", grant, "application/octet-stream");
        assertEquals(403, elsewhere.statusCode(), elsewhere.body());
        assertEquals(415, upload("experiment=" + own + "&role=checkpoint", grant, "text/plain").statusCode(),
                "an upload is binary, never a form");

        lab.workers().tell(new ReportCompleted(work.workId(), "slot-a", new WorkResult(Map.of("val_accuracy", 0.5),
                Map.of(), false)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                upload("experiment=" + own + "&role=checkpoint", grant, "application/octet-stream").statusCode() == 401);
        HttpResponse<String> ended = upload("experiment=" + own + "&role=checkpoint", grant, "application/octet-stream");
        assertTrue(Json.read(ended.body(), ApiError.class).message().contains("not current"), ended.body());
        assertEquals(2, artifacts(own).size());
        assertEquals(0, artifacts(foreign).size());
    }
}
