package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnSharedTestLab;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.TrialStage;

/**
 * A distillation naming a teacher artifact that cannot teach its students is refused at submission
 * with a 400 naming {@code distill.teacherArtifact}, through the real HTTP API, instead of failing
 * inside a worker.
 */
class TeacherArtifactApiTest extends OnSharedTestLab {

    @BeforeAll
    void recordTeachers() {
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
        // a distillation that listed two teachers: one of digits 0-4 and one of all ten; which is which only its trials say
        store.experiments().insert("exp-listed", SpecCodec.parse(teacherOf("mnist", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")
                .replace("teacherEpochs: 1}", "teacherEpochs: 1, teachers: [{classes: [0, 1, 2, 3, 4]}, {}]}")), 4, at);
        for (int i = 0; i < 2; i++) {
            String trial = "exp-listed-t" + i;
            store.trials().insert(trial, "exp-listed", i, TrialStage.TEACHER, Map.of("teacher", i), null, Map.of());
            store.trials().markFinished(trial, TrialStatus.COMPLETED, 0.9, Map.of("teacher", "art-listed-" + i), null, null);
            store.artifacts().insert(new ArtifactRecord("art-listed-" + i, "exp-listed", "teacher", "f".repeat(64), 10, at));
        }
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

    private ApiError refused(String artifact) throws Exception {
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
    void a_listed_teacher_is_judged_by_its_own_classes_not_its_experiments() throws Exception {
        String message = refused("art-listed-0").fields().getFirst().message();
        assertTrue(message.contains("5 outputs"), "teacher 0 of exp-listed learned digits 0-4 only: " + message);
        HttpResponse<String> r = lab.post("/api/specs/validate", studentsOf("art-listed-1"), "test-token");
        assertTrue(Json.read(r.body(), SpecValidation.class).valid(), "teacher 1 learned all ten: " + r.body());
    }

    @Test
    void a_listed_teacher_that_cannot_read_the_students_images_gets_400_with_its_path() throws Exception {
        String spec = studentsOf("x").replace("distill: {teacherArtifact: x}",
                "distill: {teachers: [{classes: [0, 1]}, {dataset: iris, classes: [0, 1, 2]}]}");
        HttpResponse<String> r = lab.post("/api/experiments", spec, "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError error = Json.read(r.body(), ApiError.class);
        assertEquals(List.of("distill.teachers[1].dataset"), error.fields().stream().map(f -> f.field()).toList(), r.body());
        assertTrue(error.fields().getFirst().message().contains("1x1x4"), r.body());
    }

    @Test
    void a_teacher_of_the_same_task_is_accepted() throws Exception {
        HttpResponse<String> r = lab.post("/api/specs/validate", studentsOf("art-ten-classes"), "test-token");
        assertEquals(200, r.statusCode(), r.body());
        SpecValidation validation = Json.read(r.body(), SpecValidation.class);
        assertTrue(validation.valid(), r.body());
    }
}
