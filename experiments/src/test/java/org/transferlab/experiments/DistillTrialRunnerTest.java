package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Mnist;
import org.transferlab.experiments.distill.DistillData;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** Distillation end to end on the bundled MNIST subset (100 training images per digit, 1,000 test). */
class DistillTrialRunnerTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: tiny-distill
            kind: distillation
            seed: 42
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 50}
            model: {type: mlp, hidden: [24], activation: relu}
            train: {epochs: 3, batchSize: 32, learningRate: 3.0e-3, checkpointEvery: 0}
            distill: {teacherHidden: [64], teacherEpochs: 4, teacherLearningRate: 2.0e-3, teacherDropout: 0.2,
                      temperature: 4.0, softWeight: 0.9, hardWeight: 0.1}
            """);

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static WorkResult teacher;
    private static List<Integer> teacherEpochs;

    private static class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();

        @Override
        public void onEpoch(int epoch, Map<String, Double> values) {
            epochs.add(epoch);
            metrics.add(values);
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    private static WorkItem work(StageKind stage, Map<String, Object> params, Map<String, String> inputs) {
        return WorkItems.work("w-" + stage, "exp-distill", "t-" + stage, stage, SPEC, params, inputs, null);
    }

    @BeforeAll
    static void teacher() throws Exception {
        runner = new TrialRunner(dir.resolve("datasets-not-fetched"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        Recorder recorder = new Recorder();
        teacher = runner.run(work(StageKind.TEACHER, Map.of(), Map.of()), artifacts, recorder);
        teacherEpochs = recorder.epochs;
    }

    @Test
    void the_teacher_trains_on_all_ten_digits_and_reports_its_test_errors() throws Exception {
        assertEquals(List.of(1, 2, 3, 4), teacherEpochs);
        ComputationGraph network = Checkpoints.load(artifacts.fetch(teacher.artifacts().get("teacher")));
        assertEquals(64, network.getLayer("body-0").getParam("b").length());
        double errors = teacher.testMetrics().get("test_errors");
        assertEquals(1 - errors / 1000, teacher.testMetrics().get("test_accuracy"), 1e-6, "one test sample, two views of it");
        assertTrue(errors < 200, "teacher test errors on the 1,000 bundled test images: " + errors);
        assertTrue(teacher.finalMetrics().get("val_accuracy") > 0.75, teacher.finalMetrics().toString());
    }

    @Test
    void distilled_and_from_scratch_students_report_the_same_metrics_and_their_test_errors_are_honest()
            throws Exception {
        Recorder distilledRecorder = new Recorder();
        WorkResult distilled = runner.run(work(StageKind.STUDENT, Map.of("temperature", 2.0),
                Map.of("teacher", teacher.artifacts().get("teacher"))), artifacts, distilledRecorder);
        WorkResult scratch = runner.run(work(StageKind.STUDENT, Map.of(), Map.of()), artifacts, new Recorder());

        assertEquals(List.of(1, 2, 3), distilledRecorder.epochs);
        assertEquals(List.of("train_loss", "val_accuracy", "val_loss"),
                distilledRecorder.metrics.get(0).keySet().stream().sorted().toList());
        for (WorkResult student : List.of(distilled, scratch)) {
            assertEquals(List.of("train_loss", "val_accuracy", "val_loss"),
                    student.finalMetrics().keySet().stream().sorted().toList(), "selection sees validation only");
            assertEquals(List.of("test_accuracy", "test_errors", "test_loss"),
                    student.testMetrics().keySet().stream().sorted().toList(), "the test split is reported apart");
            ComputationGraph model = Checkpoints.load(artifacts.fetch(student.artifacts().get("model")));
            assertEquals(24, model.getLayer("body-0").getParam("b").length(), "the spec's model is the student");
            int recounted = DistillData.errors(model, DistillData.test(SPEC.withDefaults(), Mnist.bundled().dataset()));
            assertEquals(recounted, student.testMetrics().get("test_errors"), 0.0);
            assertTrue(recounted < 300, "a student far better than chance (900 errors): " + student.finalMetrics());
        }
    }

    @Test
    void a_students_width_sizes_the_distilled_student_and_its_scratch_twin_alike() throws Exception {
        WorkResult distilled = runner.run(work(StageKind.STUDENT, Map.of("width", 0.5, "temperature", 2.0),
                Map.of("teacher", teacher.artifacts().get("teacher"))), artifacts, new Recorder());
        WorkResult twin = runner.run(work(StageKind.STUDENT, Map.of("width", 0.5), Map.of()), artifacts, new Recorder());
        for (WorkResult student : List.of(distilled, twin)) {
            ComputationGraph model = Checkpoints.load(artifacts.fetch(student.artifacts().get("model")));
            assertEquals(12, model.getLayer("body-0").getParam("b").length(), "half of the spec's 24 hidden units");
            assertEquals(12 * 10 + 10, model.getLayer("head").numParams(), "the head reads the thinner layer");
            assertTrue(student.finalMetrics().get("val_accuracy") > 0.5, student.finalMetrics().toString());
        }
    }
}
