package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.SpecValidation;

/**
 * A distillation naming a teacher artifact that cannot teach its students is refused at submission
 * with a 400 naming {@code distill.teacherArtifact}, through the real HTTP API, instead of failing
 * inside a worker.
 */
class TeacherArtifactApiTest {

    @TempDir
    static Path dataDir;
    static TestLab lab;

    @BeforeAll
    static void start() {
        lab = new TestLab(dataDir, Map.of());
        LabStore store = lab.orchestrator.store();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        // three finished distillations whose teachers answer different tasks, and a GTL run's scout
        store.experiments().insert("exp-digits-04", SpecCodec.parse(teacherOf("mnist", "[0, 1, 2, 3, 4]")), 2, at);
        store.experiments().insert("exp-mnist-all", SpecCodec.parse(teacherOf("mnist", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")), 2, at);
        store.experiments().insert("exp-fashion", SpecCodec.parse(teacherOf("fashion-mnist", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")), 2, at);
        store.experiments().insert("exp-sklearn", SpecCodec.parse(teacherOf("digits", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")), 2, at);
        store.artifacts().insert(new ArtifactRecord("art-five-classes", "exp-digits-04", "teacher", "a".repeat(64), 10, at));
        store.artifacts().insert(new ArtifactRecord("art-ten-classes", "exp-mnist-all", "teacher", "b".repeat(64), 10, at));
        store.artifacts().insert(new ArtifactRecord("art-fashion", "exp-fashion", "teacher", "c".repeat(64), 10, at));
        store.artifacts().insert(new ArtifactRecord("art-8x8", "exp-sklearn", "teacher", "d".repeat(64), 10, at));
        store.artifacts().insert(new ArtifactRecord("art-guide", "exp-mnist-all", "guide", "e".repeat(64), 10, at));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static String teacherOf(String dataset, String classes) {
        return """
                name: teacher-source
                kind: distillation
                data: {dataset: %s, targetClasses: %s, validationPerClass: 10}
                model: {type: mlp, hidden: [16]}
                distill: {teacherHidden: [32], teacherEpochs: 1}
                """.formatted(dataset, classes);
    }

    private static String studentsOf(String artifact) {
        return """
                name: students
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 10}
                model: {type: mlp, hidden: [16]}
                distill: {teacherArtifact: %s}
                search: {trials: 1}
                """.formatted(artifact);
    }

    private static ApiError refused(String artifact) throws Exception {
        HttpResponse<String> r = lab.post("/api/experiments", studentsOf(artifact), "test-token");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        ApiError error = Json.read(r.body(), ApiError.class);
        assertEquals(List.of("distill.teacherArtifact"), error.fields().stream().map(f -> f.field()).toList(), r.body());
        return error;
    }

    @Test
    void a_teacher_with_fewer_classes_than_the_students_gets_400_naming_the_field() throws Exception {
        String message = refused("art-five-classes").fields().getFirst().message();
        assertTrue(message.contains("5 outputs") && message.contains("10"), message);
    }

    @Test
    void a_teacher_of_another_dataset_with_as_many_classes_gets_400_saying_its_classes_differ() throws Exception {
        String message = refused("art-fashion").fields().getFirst().message();
        assertTrue(message.contains("fashion-mnist") && message.contains("other classes"), message);
    }

    @Test
    void a_teacher_reading_other_inputs_gets_400_naming_both_input_sizes() throws Exception {
        String message = refused("art-8x8").fields().getFirst().message();
        assertTrue(message.contains("64 inputs") && message.contains("784"), message);
    }

    @Test
    void an_unknown_artifact_or_one_that_is_no_classifier_gets_400() throws Exception {
        assertTrue(refused("art-nowhere").fields().getFirst().message().contains("no artifact 'art-nowhere'"));
        assertTrue(refused("art-guide").fields().getFirst().message().contains("not a trained classifier"));
    }

    @Test
    void validating_without_submitting_names_the_same_field() throws Exception {
        HttpResponse<String> r = lab.post("/api/specs/validate", studentsOf("art-five-classes"), "test-token");
        assertEquals(200, r.statusCode(), r.body());
        SpecValidation validation = Json.read(r.body(), SpecValidation.class);
        assertTrue(!validation.valid(), r.body());
        assertEquals("distill.teacherArtifact", validation.errors().getFirst().field());
    }

    @Test
    void a_teacher_of_the_same_task_is_accepted() throws Exception {
        HttpResponse<String> r = lab.post("/api/specs/validate", studentsOf("art-ten-classes"), "test-token");
        assertEquals(200, r.statusCode(), r.body());
        SpecValidation validation = Json.read(r.body(), SpecValidation.class);
        assertTrue(validation.valid(), r.body());
    }
}
