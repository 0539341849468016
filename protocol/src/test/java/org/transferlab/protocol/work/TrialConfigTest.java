package org.transferlab.protocol.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;

class TrialConfigTest {

    private static final ExperimentSpec GTL = SpecCodec.parse("""
            name: g
            kind: gtl
            train: {epochs: 15, batchSize: 32, learningRate: 0.002, frozenLayers: 1}
            pretrain: {epochs: 2, batchSize: 128, learningRate: 0.01}
            gtl: {scouts: 3, scoutEpochs: 5, scoutLearningRate: 0.05}
            """);

    private static final ExperimentSpec DISTILL = SpecCodec.parse("""
            name: d
            kind: distillation
            train: {epochs: 4, learningRate: 0.003}
            distill: {teacherEpochs: 7, teacherLearningRate: 0.0005, temperature: 3, softWeight: 0.7, hardWeight: 0.3}
            """);

    @Test
    void eachStageTrainsForItsOwnEpochsNotTheFineTunes() {
        assertEquals(2, TrialConfig.plannedEpochs(GTL, TrialStage.PRETRAIN, Map.of()));
        assertEquals(5, TrialConfig.plannedEpochs(GTL, TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 0)),
                "a scout's bar is out of its scout epochs (the old 5/15)");
        assertEquals(0, TrialConfig.plannedEpochs(GTL, TrialStage.GUIDE, Map.of()), "the guide reduction does not train");
        assertEquals(15, TrialConfig.plannedEpochs(GTL, TrialStage.GUIDED, Map.of()));
        assertEquals(9, TrialConfig.plannedEpochs(GTL, TrialStage.BASELINE, Map.of("epochs", 9)), "a swept value wins");
        assertEquals(7, TrialConfig.plannedEpochs(DISTILL, TrialStage.TEACHER, Map.of()));
    }

    @Test
    void singleStagesTakeTheirOwnSectionsSettings() {
        TrialConfig pretrain = TrialConfig.resolve(GTL, TrialStage.PRETRAIN, Map.of(), 11);
        assertEquals(128, pretrain.batchSize());
        assertEquals(0.01, pretrain.learningRate());
        assertEquals(0, pretrain.checkpointEvery(), "single stages checkpoint only when asked");
        TrialConfig scout = TrialConfig.resolve(GTL, TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 2), 12);
        assertEquals(2, scout.scout());
        assertEquals(0.05, scout.learningRate());
        assertEquals(32, scout.batchSize());
        TrialConfig teacher = TrialConfig.resolve(DISTILL, TrialStage.TEACHER, Map.of(), 13);
        assertEquals(0.0005, teacher.learningRate());
        assertNull(teacher.distillation(), "only students distil");
    }

    @Test
    void sweptParametersOverrideTheTrainDefaultsAndTheBodyFollowsTheHead() {
        TrialConfig guided = TrialConfig.resolve(GTL, TrialStage.GUIDED,
                Map.of("learningRate", 0.000923, "frozenLayers", 2.0, "guideScale", 0.5, "device", "cpu"), 1001);
        assertEquals(0.000923, guided.learningRate());
        assertEquals(0.000923, guided.bodyLearningRate(), "no body rate anywhere: the body trains at the head's rate");
        assertEquals(2, guided.frozenLayers(), "a choice that JSON gave as 2.0 is still 2 layers");
        assertEquals(0.5, guided.guideScale());
        assertEquals("cpu", guided.device());
        assertEquals(1, guided.checkpointEvery());
        assertEquals(1001, guided.seed());
        TrialConfig baseline = TrialConfig.resolve(GTL, TrialStage.BASELINE, Map.of("guideScale", 0.5), 1001);
        assertNull(baseline.guideScale(), "the plain fine-tune twin never reads a guide");
        assertEquals("any", baseline.device());
    }

    @Test
    void studentsCarryTheSoftTargetSettingsAndScratchDoesNot() {
        TrialConfig student = TrialConfig.resolve(DISTILL, TrialStage.STUDENT, Map.of("temperature", 8), 3);
        assertEquals(new TrialConfig.Distillation(8, 0.7, 0.3), student.distillation());
        assertEquals(4, student.epochs());
        assertEquals(0.003, student.learningRate());
        assertNull(TrialConfig.resolve(DISTILL, TrialStage.SCRATCH, Map.of("temperature", 8), 3).distillation());
    }

    @Test
    void theTeacherCarriesItsRegularisersAndSampleAndStudentsAndScratchTheTransferSet() {
        ExperimentSpec spec = SpecCodec.parse("""
                name: transfer
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
                distill: {teacherExamplesPerClass: 300, transferExamplesPerClass: 100, teacherInputDropout: 0.2,
                          teacherJitter: 2, mode: hard, transferLabels: none}
                """);
        TrialConfig teacher = TrialConfig.resolve(spec, TrialStage.TEACHER, Map.of(), 1);
        assertEquals(300, teacher.examplesPerClass());
        assertEquals(new TrialConfig.Teacher(0.2, 2, 0, "mnist", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.of(1200, 1200), 0.2),
                teacher.teacher(), "the single teacher: the students' task and the flat distill fields");
        assertNull(teacher.distillation());
        TrialConfig student = TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 2);
        assertEquals(100, student.examplesPerClass());
        assertEquals(new TrialConfig.Distillation(4.0, 1.0, 0.0, true, false), student.distillation());
        assertNull(student.teacher());
        assertEquals(100, TrialConfig.resolve(spec, TrialStage.SCRATCH, Map.of(), 3).examplesPerClass(),
                "the baseline trains on the same transfer set");
        assertEquals(0, TrialConfig.resolve(DISTILL, TrialStage.STUDENT, Map.of(), 3).examplesPerClass(),
                "by default every training image, as before");
        assertEquals(teacher, Json.read(Json.write(teacher), TrialConfig.class), "travels to the worker whole");
        assertEquals(student, Json.read(Json.write(student), TrialConfig.class));
    }

    @Test
    void anAutoencodersPretrainingCarriesItsMaskingAndOtherStagesDoNot() {
        ExperimentSpec spec = SpecCodec.parse("""
                name: mae
                kind: finetune
                data: {dataset: mnist}
                pretrain: {mode: masked-autoencoder, maskRatio: 0.75}
                """);
        TrialConfig pretrain = TrialConfig.resolve(spec, TrialStage.PRETRAIN, Map.of(), 1);
        assertEquals(new TrialConfig.Masking(true, 0.75, 4, -1.0), pretrain.masking());
        assertEquals(pretrain, Json.read(Json.write(pretrain), TrialConfig.class));
        assertNull(TrialConfig.resolve(spec, TrialStage.FINETUNE, Map.of(), 1).masking());
        ExperimentSpec denoising = SpecCodec.parse("""
                name: dae
                kind: finetune
                data: {dataset: digits}
                pretrain: {mode: denoising, maskRatio: 0.3}
                """);
        assertEquals(new TrialConfig.Masking(false, 0.3, 1, -1.0),
                TrialConfig.resolve(denoising, TrialStage.PRETRAIN, Map.of(), 1).masking());
        assertNull(TrialConfig.resolve(GTL, TrialStage.PRETRAIN, Map.of(), 1).masking(), "supervised pretraining masks nothing");
    }

    @Test
    void stagesRolesAndEventKindsTravelUnderTheirWireNames() {
        TrialView view = new TrialView("t1", "e1", 1, TrialStage.SCRATCH, TrialStatus.COMPLETED, Map.of(), null, 3,
                Map.of(), 0.9, Instant.EPOCH, null, null);
        String json = Json.write(view);
        assertTrue(json.contains("\"stage\":\"scratch\""), json);
        assertEquals(TrialStage.SCRATCH, Json.read(json, TrialView.class).stage());

        LabEvent event = new LabEvent(4, "e1", "t1", LabEvent.Kind.TRIAL_DECISION, 5, "stop", null, null);
        String eventJson = Json.write(event);
        assertTrue(eventJson.contains("\"type\":\"trial.decision\""), eventJson);
        assertEquals(event, Json.read(eventJson, LabEvent.class));
        assertEquals("decision", LabEvent.Kind.TRIAL_DECISION.shortName());
        assertThrows(IllegalArgumentException.class, () -> LabEvent.Kind.of("trial.exploded"));

        assertEquals("scout-3", ArtifactRole.scoutInput(3));
        assertEquals(ArtifactRole.SCOUT, ArtifactRole.ofKey("scout-3").orElseThrow());
        assertEquals(ArtifactRole.GUIDE_SUMMARY, ArtifactRole.ofKey("guide-summary").orElseThrow());
        assertTrue(ArtifactRole.ofKey("weights").isEmpty());
    }

    @Test
    void listed_teachers_train_their_own_task_and_students_get_every_teacher_with_its_share() {
        ExperimentSpec spec = SpecCodec.parse("""
                name: multi
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2, 3]}
                distill: {teacherEpochs: 5, teachers: [{classes: [0, 1, 2, 3]}, {classes: [2, 3], epochs: 2, hidden: [64], weight: 2},
                          {dataset: fashion-mnist, classes: [0, 1, 2], examplesPerClass: 50}]}
                """);
        TrialConfig second = TrialConfig.resolve(spec, TrialStage.TEACHER, Map.of(TrialConfig.TEACHER, 1), 7);
        assertEquals(2, second.epochs());
        assertEquals(new TrialConfig.Teacher(0.0, 0, 1, "mnist", List.of(2, 3), List.of(64), 0.2), second.teacher());
        TrialConfig third = TrialConfig.resolve(spec, TrialStage.TEACHER, Map.of(TrialConfig.TEACHER, 2), 7);
        assertEquals(5, third.epochs());
        assertEquals(50, third.examplesPerClass());
        assertEquals("fashion-mnist", third.teacher().dataset());
        TrialConfig student = TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 7);
        assertEquals(List.of(new TrialConfig.TeacherTerm("teacher", List.of(0, 1, 2, 3), false, 0.25),
                new TrialConfig.TeacherTerm("teacher-1", List.of(2, 3), false, 0.5),
                new TrialConfig.TeacherTerm("teacher-2", List.of(0, 1, 2), true, 0.25)), student.distillation().teachers(),
                "weights 1, 2, 1 over their sum; fashion-mnist shares no class with the digits");
        assertEquals(student, Json.read(Json.write(student), TrialConfig.class), "travels to the worker whole");
        assertNull(TrialConfig.resolve(DISTILL, TrialStage.STUDENT, Map.of(), 3).distillation().teachers(),
                "a single-teacher spec keeps its student's config as before");
        assertEquals(ArtifactRole.TEACHER, ArtifactRole.ofKey("teacher-2").orElseThrow());
    }
}
