package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.data.IdxFixtures;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.SpecValidation;

/**
 * A real API on port 0 whose lab sees its workers' dataset directory: with only the bundled MNIST
 * subset there, the fine-tune demo (which pretrains on 5,000 images per class) is refused at
 * submission with the field path, what the lab holds and the command that fetches the full set;
 * once the full-size files are in place, the same spec is accepted without a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundledSubsetApiTest {

    @TempDir
    static Path dir;
    static TestLab lab;
    static String demo;

    @BeforeAll
    static void start() throws Exception {
        lab = new TestLab(dir.resolve("lab"), Map.of("transferlab.orchestrator.dataset-root", dir.resolve("datasets").toString()));
        demo = Files.readString(Path.of("..", "examples", "mnist-finetune.yaml"));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    @Order(1)
    void the_finetune_demo_is_refused_at_submission_on_the_bundled_subset_with_the_field_and_the_fetch_command() throws Exception {
        HttpResponse<String> r = lab.post("/api/experiments", demo, "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError error = Json.read(r.body(), ApiError.class);
        assertEquals(List.of("data.sourceExamplesPerClass", "data.examplesPerClass"), error.fields().stream().map(FieldError::field).toList(),
                "5,000 pretraining images per class, and 2 beside 100 validation images of a 100-image class");
        String message = error.fields().getFirst().message();
        for (String says : List.of("5000 examples per class", "has 100 training examples on this lab",
                "the bundled 1,000-image subset of mnist", "`scripts/fetch-data.sh " + dir.toAbsolutePath() + " mnist`")) {
            assertTrue(message.contains(says), "'" + says + "' in: " + message);
        }
        assertTrue(error.message().contains("data.sourceExamplesPerClass"), error.message());
        assertEquals(200, lab.get("/api/experiments").statusCode());
        assertEquals("[]", lab.get("/api/experiments").body().replaceAll("\\s", ""), "nothing was recorded");
    }

    @Test
    @Order(2)
    void validation_says_the_same_without_submitting() throws Exception {
        HttpResponse<String> r = lab.post("/api/specs/validate", demo, null);
        assertEquals(200, r.statusCode(), r.body());
        SpecValidation v = Json.read(r.body(), SpecValidation.class);
        assertFalse(v.valid());
        assertEquals("data.sourceExamplesPerClass", v.errors().getFirst().field());
        assertTrue(v.errors().getFirst().message().contains("bundled 1,000-image subset of mnist"), v.errors().toString());
    }

    @Test
    @Order(3)
    void the_same_spec_is_accepted_once_the_full_set_is_where_the_workers_read_it() throws Exception {
        IdxFixtures.full(dir.resolve("datasets"), "mnist");
        HttpResponse<String> r = lab.post("/api/experiments", demo, "test-token");
        assertEquals(201, r.statusCode(), r.body());
    }
}
