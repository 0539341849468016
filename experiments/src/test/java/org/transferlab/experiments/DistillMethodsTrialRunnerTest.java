package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Mnist;
import org.transferlab.experiments.distill.DistillData;
import org.transferlab.experiments.distill.StudentStage;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * FitNet hints and attention transfer end to end through the {@link TrialRunner}, on the bundled MNIST
 * subset: a declared conv teacher, a thinner conv student, each method's student against the same
 * student from scratch. The students train, report the same metrics as the soft-target ones (FitNet
 * adds its hint loss), and are published as plain classifiers.
 */
class DistillMethodsTrialRunnerTest {

    private static final String NETWORKS = """
            name: tiny-kd-methods
            kind: distillation
            seed: 7
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 20}
            model:
              layers:
                - {name: s1, type: conv, filters: 2, kernel: 5, activation: relu}
                - {name: sp1, type: pool}
                - {name: s2, type: conv, filters: 4, kernel: 5, activation: relu}
                - {name: sp2, type: pool}
                - {name: sfc, type: dense, units: 16, activation: relu}
            train: {epochs: 2, batchSize: 32, learningRate: 3.0e-3, checkpointEvery: 0}
            distill:
              teacherEpochs: 2
              teacherLearningRate: 2.0e-3
              transferExamplesPerClass: 40
              teacherModel:
                layers:
                  - {name: t1, type: conv, filters: 6, kernel: 5, activation: relu}
                  - {name: tp1, type: pool}
                  - {name: t2, type: conv, filters: 8, kernel: 5, activation: relu}
                  - {name: tp2, type: pool}
                  - {name: tfc, type: dense, units: 32, activation: relu}
            """;

    private static final ExperimentSpec FITNET = SpecCodec.parse(NETWORKS + """
              method: fitnet
              fitnet: {hintLayer: t1, guidedLayer: s1, epochs: 3, learningRate: 3.0e-3}
            """);

    private static final ExperimentSpec ATTENTION = SpecCodec.parse(NETWORKS + """
              method: attention
              attention:
                pairs: [{student: s1, teacher: t1}, {student: sp2, teacher: tp2}]
            """);

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static String teacherId;

    private static final class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();

        @Override
        public void onEpoch(int epoch, Map<String, Double> values) {
            epochs.add(epoch);
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    private static WorkItem work(ExperimentSpec spec, StageKind stage, Map<String, String> inputs) {
        return WorkItems.work("w-" + stage, "exp-kd", "t-" + stage, stage, spec, Map.of(), inputs, null);
    }

    @BeforeAll
    static void teacher() throws Exception {
        runner = new TrialRunner(dir.resolve("datasets-not-fetched"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        WorkResult teacher = runner.run(work(FITNET, StageKind.TEACHER, Map.of()), artifacts, new Recorder());
        teacherId = teacher.artifacts().get("teacher");
        ComputationGraph network = Checkpoints.load(artifacts.fetch(teacherId));
        assertEquals(6, network.getLayer("body-0").getParam("b").length(), "the declared conv teacher, not the MLP");
    }

    private static void assertPlainStudent(ExperimentSpec spec, WorkResult student) throws Exception {
        ComputationGraph model = Checkpoints.load(artifacts.fetch(student.artifacts().get("model")));
        assertEquals(List.of(BodyLayers.HEAD), model.getConfiguration().getNetworkOutputs(), "published without extra outputs");
        assertEquals(2, model.getLayer("body-0").getParam("b").length(), "the spec's model is the student");
        int recounted = DistillData.errors(model, DistillData.test(spec.withDefaults(), Mnist.bundled().dataset()));
        assertEquals(recounted, student.testMetrics().get("test_errors"), 0.0, "test errors of the published student");
        assertTrue(student.finalMetrics().get("val_accuracy") > 0.1, student.finalMetrics().toString());
    }

    @Test
    void a_fitnet_student_trains_its_hint_stage_then_the_soft_targets_and_reports_its_hint_loss() throws Exception {
        Recorder recorder = new Recorder();
        WorkResult student = runner.run(work(FITNET, StageKind.STUDENT, Map.of("teacher", teacherId)), artifacts, recorder);
        assertEquals(List.of(1, 2), recorder.epochs, "the hint epochs come before the reported soft-target epochs");
        assertTrue(student.finalMetrics().containsKey(StudentStage.HINT_LOSS), student.finalMetrics().toString());
        assertEquals(List.of("test_accuracy", "test_errors", "test_loss"), student.testMetrics().keySet().stream().sorted().toList());
        assertPlainStudent(FITNET, student);
    }

    @Test
    void an_attention_student_trains_with_its_terms_and_differs_from_the_scratch_student_of_the_same_seed() throws Exception {
        Recorder recorder = new Recorder();
        WorkResult student = runner.run(work(ATTENTION, StageKind.STUDENT, Map.of("teacher", teacherId)), artifacts, recorder);
        WorkResult scratch = runner.run(work(ATTENTION, StageKind.STUDENT, Map.of()), artifacts, new Recorder());
        assertEquals(List.of(1, 2), recorder.epochs);
        assertPlainStudent(ATTENTION, student);
        assertPlainStudent(ATTENTION, scratch);
        INDArray taught = Checkpoints.load(artifacts.fetch(student.artifacts().get("model"))).params();
        INDArray alone = Checkpoints.load(artifacts.fetch(scratch.artifacts().get("model"))).params();
        assertEquals(alone.length(), taught.length(), "same network");
        assertNotEquals(alone, taught, "the teacher's terms changed what the student learned");
    }
}
