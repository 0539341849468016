package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.Mnist;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Transfer-set distillation on the bundled MNIST subset (100 training images per digit): which
 * images teacher, students and the scratch baseline see, what labels a student fits, and the
 * teacher's regularisers.
 */
class TransferSetTest {

    private static final String TEN = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";

    @TempDir
    static Path dir;

    private static Dataset mnist;
    private static DirectoryArtifactStore artifacts;
    private static String teacherId;

    @BeforeAll
    static void load() throws Exception {
        mnist = Mnist.bundled().dataset();
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ComputationGraph teacher = MlpNetwork.build(new ModelSpec("mlp", List.of(16), List.of(), "relu", 0.0), 784, 10, 1e-3, 5);
        teacherId = Checkpoints.publish(artifacts, "exp", ArtifactRole.TEACHER, teacher);
    }

    private static ExperimentSpec spec(String distill) {
        return spec(17, distill);
    }

    private static ExperimentSpec spec(long seed, String distill) {
        return SpecCodec.parse("""
                name: transfer
                kind: distillation
                seed: %d
                data: {dataset: mnist, targetClasses: %s, validationPerClass: 10}
                model: {type: mlp, hidden: [8]}
                train: {epochs: 1, batchSize: 50}
                distill: {%s}
                """.formatted(seed, TEN, distill));
    }

    private static WorkItem work(ExperimentSpec spec, TrialStage stage, long trialSeed, Map<String, String> inputs) {
        StageKind kind = stage == TrialStage.TEACHER ? StageKind.TEACHER : StageKind.STUDENT;
        TrialConfig config = TrialConfig.resolve(spec, stage, Map.of(), trialSeed);
        return new WorkItem("w-" + stage + trialSeed, "exp", "t-" + stage + trialSeed, kind, spec, config, inputs, null, null);
    }

    private static Set<String> rows(INDArray features) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < features.rows(); i++) {
            rows.add(Arrays.toString(features.getRow(i).toFloatVector()));
        }
        return rows;
    }

    @Test
    void teacher_students_and_scratch_see_one_sample_whatever_their_trial_seeds_and_the_transfer_set_is_part_of_the_teachers() {
        ExperimentSpec spec = spec("teacherExamplesPerClass: 40, transferExamplesPerClass: 10");

        DataSet teacher = DistillData.training(work(spec, TrialStage.TEACHER, 1001, Map.of()), spec, mnist);
        DataSet student = DistillData.training(work(spec, TrialStage.STUDENT, 2002, Map.of("teacher", teacherId)), spec, mnist);
        DataSet otherStudent = DistillData.training(work(spec, TrialStage.STUDENT, 3003, Map.of("teacher", teacherId)), spec, mnist);
        DataSet scratch = DistillData.training(work(spec, TrialStage.SCRATCH, 4004, Map.of()), spec, mnist);

        assertEquals(400, teacher.numExamples());
        assertEquals(100, student.numExamples(), "10 per class");
        assertEquals(student.getFeatures(), otherStudent.getFeatures(), "another trial seed, the same transfer set");
        assertEquals(student.getFeatures(), scratch.getFeatures(), "the baseline trains on the same transfer set");
        assertEquals(student.getLabels(), scratch.getLabels());
        assertTrue(rows(teacher.getFeatures()).containsAll(rows(student.getFeatures())),
                "the transfer set is drawn from the teacher's own sample");
        ExperimentSpec otherExperiment = spec(18, "teacherExamplesPerClass: 40, transferExamplesPerClass: 10");
        DataSet otherSeed = DistillData.training(work(otherExperiment, TrialStage.STUDENT, 2002, Map.of()), otherExperiment, mnist);
        assertNotEquals(student.getFeatures(), otherSeed.getFeatures(), "the experiment's seed draws the sample");
    }

    @Test
    void a_labelled_transfer_set_packs_true_labels_and_an_unlabelled_one_only_the_teachers_logits() throws Exception {
        ExperimentSpec labelled = spec("teacherArtifact: t, transferExamplesPerClass: 5");
        ExperimentSpec unlabelled = spec("teacherArtifact: t, transferExamplesPerClass: 5, transferLabels: none");

        DataSet withLabels = new StudentStage(work(labelled, TrialStage.STUDENT, 1, Map.of("teacher", teacherId)), labelled,
                mnist, artifacts).fitsOn();
        DataSet withoutLabels = new StudentStage(work(unlabelled, TrialStage.STUDENT, 1, Map.of("teacher", teacherId)), unlabelled,
                mnist, artifacts).fitsOn();
        DataSet scratch = new StudentStage(work(unlabelled, TrialStage.SCRATCH, 1, Map.of()), unlabelled, mnist, artifacts).fitsOn();

        assertEquals(50, withoutLabels.numExamples());
        INDArray trueLabels = scratch.getLabels();
        assertEquals(10, trueLabels.columns(), "the scratch baseline fits the true labels of the same images");
        assertEquals(scratch.getFeatures(), withoutLabels.getFeatures());
        assertEquals(trueLabels, withLabels.getLabels().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10)));
        assertEquals(0.0, withoutLabels.getLabels().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10))
                .norm1Number().doubleValue(), "no true label reaches a student of an unlabelled transfer set");
        INDArray logits = DistillData.logits(Checkpoints.load(artifacts, teacherId), scratch.getFeatures());
        assertEquals(logits, withoutLabels.getLabels().get(NDArrayIndex.all(), NDArrayIndex.interval(10, 20)));
        assertEquals(0.0, ((SoftTargetLoss) lossOf(labelledStudent(unlabelled))).hardWeight(), "hardWeight defaults to 0");
    }

    private static StudentStage labelledStudent(ExperimentSpec spec) throws Exception {
        return new StudentStage(work(spec, TrialStage.STUDENT, 1, Map.of("teacher", teacherId)), spec, mnist, artifacts);
    }

    private static Object lossOf(StudentStage stage) {
        return ((BaseOutputLayer) BodyLayers.layer(stage.freshNetwork(), BodyLayers.HEAD)).getLossFn();
    }

    @Test
    void hard_mode_distils_the_teachers_argmax_labels() throws Exception {
        SoftTargetLoss hard = (SoftTargetLoss) lossOf(labelledStudent(spec("teacherArtifact: t, mode: hard, transferExamplesPerClass: 5")));
        SoftTargetLoss soft = (SoftTargetLoss) lossOf(labelledStudent(spec("teacherArtifact: t, transferExamplesPerClass: 5")));

        assertTrue(hard.pseudoLabels());
        assertTrue(!soft.pseudoLabels());
    }

    @Test
    void a_convolutional_student_learns_from_the_mlp_teacher() throws Exception {
        ExperimentSpec spec = SpecCodec.parse("""
                name: lenet-student
                kind: distillation
                seed: 17
                data: {dataset: mnist, targetClasses: %s, validationPerClass: 10}
                model: {type: lenet, channels: [4, 8], hidden: [16]}
                train: {epochs: 1, batchSize: 50}
                distill: {teacherArtifact: t, transferExamplesPerClass: 5}
                """.formatted(TEN));
        StudentStage student = new StudentStage(work(spec, TrialStage.STUDENT, 1, Map.of("teacher", teacherId)), spec, mnist,
                artifacts);

        WorkResult result = student.run(QUIET);

        assertTrue(result.testMetrics().containsKey("test_errors"), result.testMetrics().toString());
        assertEquals(3, BodyLayers.count(Checkpoints.load(artifacts, result.artifacts().get("model"))), "two conv blocks and a dense layer");
    }

    @Test
    void a_teacher_of_other_classes_fails_naming_the_artifact_before_training() throws Exception {
        ComputationGraph five = MlpNetwork.build(new ModelSpec("mlp", List.of(4), List.of(), "relu", 0.0), 784, 5, 1e-3, 5);
        String fiveId = Checkpoints.publish(artifacts, "exp", ArtifactRole.TEACHER, five);
        ExperimentSpec spec = spec("teacherArtifact: t, transferExamplesPerClass: 5");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StudentStage(
                work(spec, TrialStage.STUDENT, 1, Map.of("teacher", fiveId)), spec, mnist, artifacts));
        assertTrue(e.getMessage().contains(fiveId) && e.getMessage().contains("5 outputs"), e.getMessage());
    }

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    private static INDArray trainedTeacher(String distill) throws Exception {
        ExperimentSpec spec = spec("teacherHidden: [16], teacherEpochs: 1, teacherExamplesPerClass: 10, " + distill);
        WorkResult result = new TeacherStage(work(spec, TrialStage.TEACHER, 1, Map.of()), spec, mnist, artifacts).run(QUIET);
        return Checkpoints.load(artifacts, result.artifacts().get("teacher")).params();
    }

    @Test
    void the_teacher_drops_inputs_only_when_asked_and_trains_on_jittered_images() throws Exception {
        ExperimentSpec dropping = spec("teacherHidden: [16], teacherInputDropout: 0.2");
        ExperimentSpec plain = spec("teacherHidden: [16]");
        ComputationGraph withInputDropout = new TeacherStage(work(dropping, TrialStage.TEACHER, 1, Map.of()), dropping, mnist,
                artifacts).freshNetwork();
        ComputationGraph without = new TeacherStage(work(plain, TrialStage.TEACHER, 1, Map.of()), plain, mnist, artifacts)
                .freshNetwork();

        var first = (BaseLayer) BodyLayers.layer(withInputDropout, "body-0");
        assertEquals(0.8, ((org.deeplearning4j.nn.conf.dropout.Dropout) first.getIDropout()).getP(), 1e-12,
                "DL4J keeps each input with probability 0.8");
        assertNull(((BaseLayer) BodyLayers.layer(without, "body-0")).getIDropout());

        assertEquals(trainedTeacher("teacherJitter: 0"), trainedTeacher("teacherJitter: 0"), "seeded: the same teacher twice");
        assertNotEquals(trainedTeacher("teacherJitter: 0"), trainedTeacher("teacherJitter: 2"),
                "jittered images train another teacher");
    }
}
