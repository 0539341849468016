package org.transferlab.experiments.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.DataSplits;
import org.transferlab.experiments.data.LabeledExamples;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.WorkItem;

/**
 * The data teacher and student share, and the numbers both report. The task is the spec's target
 * classes ({@code data.targetClasses}; the classic setup lists all ten digits).
 *
 * <ul>
 *   <li>Training: the work's {@code examplesPerClass} images of each target class, or every
 *       training image when it is 0 (the full set, as in Hinton et al.), always without the
 *       validation images. The orchestrator resolves it to {@code distill.teacherExamplesPerClass}
 *       for the teacher and {@code distill.transferExamplesPerClass} (the transfer set) for students
 *       and the scratch baseline. {@code data.examplesPerClass} is the few-shot fine-tune's k and is
 *       not read here. The sample is drawn with the {@linkplain #dataSeed data seed}, never a
 *       trial's seed, so teacher, students and baseline see the same images whatever their seeds,
 *       and the same shuffle of each class gives nested samples: a transfer set of k per class is
 *       the first k of each class of a larger teacher sample.
 *   <li>Validation (per-epoch metrics): the {@code data.validationPerClass} images per class carved
 *       from the training part ({@link DataSplits}).
 *   <li>Test ({@value #TEST_ERRORS}, {@code test_accuracy}, {@code test_loss}, once at the end):
 *       every test image of the target classes (10,000 on full MNIST), or {@code data.testPerClass}
 *       per class.
 * </ul>
 */
public final class DistillData {

    /** Misclassified images of the full test split of the target classes, after training. */
    public static final String TEST_ERRORS = "test_errors";

    private static final int CHUNK = 2_000;

    private DistillData() {}

    public static DataSet training(WorkItem work, ExperimentSpec spec, Dataset mnist) {
        return training(work, spec, mnist, spec.data().targetClasses());
    }

    /** The training sample of {@code classes} (a listed teacher's own task), drawn as {@link #training(WorkItem, ExperimentSpec, Dataset)}. */
    public static DataSet training(WorkItem work, ExperimentSpec spec, Dataset mnist, List<Integer> classes) {
        int perClass = work.config().examplesPerClass();
        LabeledExamples training = DataSplits.of(mnist, spec).training();
        return perClass > 0
                ? ClassSampler.sample(training, classes, perClass, dataSeed(spec))
                : everyImage(training, classes);
    }

    /**
     * The seed every distillation data sample is drawn with: the experiment's, the same for the
     * teacher, every student and the scratch baseline. Trial seeds vary only initialisation and
     * batch order.
     */
    public static long dataSeed(ExperimentSpec spec) {
        return spec.seed();
    }

    public static DataSet validation(ExperimentSpec spec, Dataset mnist) {
        return validation(spec, mnist, spec.data().targetClasses());
    }

    public static DataSet validation(ExperimentSpec spec, Dataset mnist, List<Integer> classes) {
        return DataSplits.of(mnist, spec).validation(classes);
    }

    public static DataSet test(ExperimentSpec spec, Dataset mnist) {
        return test(spec, mnist, spec.data().targetClasses());
    }

    public static DataSet test(ExperimentSpec spec, Dataset mnist, List<Integer> classes) {
        return DataSplits.of(mnist, spec).test(classes);
    }

    /** All images of the classes, in file order. */
    static DataSet everyImage(LabeledExamples split, List<Integer> classes) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            if (classes.contains(split.label(i))) {
                rows.add(i);
            }
        }
        return ClassSampler.toDataSet(split, rows.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** The final metric both stages add: {@value #TEST_ERRORS} on the full test split. */
    public static Map<String, Double> testErrors(ComputationGraph network, ExperimentSpec spec, Dataset mnist) {
        return testErrors(network, spec, mnist, spec.data().targetClasses());
    }

    /** {@value #TEST_ERRORS} on the full test split of {@code classes}. */
    public static Map<String, Double> testErrors(ComputationGraph network, ExperimentSpec spec, Dataset mnist, List<Integer> classes) {
        return Map.of(TEST_ERRORS, (double) errors(network, test(spec, mnist, classes)));
    }

    /** How many examples the network's most probable class (of its first output) gets wrong. */
    public static int errors(ComputationGraph network, DataSet data) {
        int errors = 0;
        long n = data.numExamples();
        for (long start = 0; start < n; start += CHUNK) {
            long end = Math.min(n, start + CHUNK);
            INDArray features = data.getFeatures().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray labels = data.getLabels().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray predicted = TrainingLoop.firstOutput(network, features).argMax(1);
            INDArray actual = labels.argMax(1);
            errors += (int) predicted.neq(actual).castTo(DataType.INT).sumNumber().longValue();
        }
        return errors;
    }

    /**
     * The pre-softmax outputs z of a classifier whose {@value BodyLayers#HEAD} is a dense softmax
     * output layer: the activations the head reads times its W plus b, at inference (no dropout).
     */
    public static INDArray logits(ComputationGraph network, INDArray features) {
        String headInput = BodyLayers.headInput(network);
        INDArray w = network.getLayer(BodyLayers.HEAD).getParam("W");
        INDArray b = network.getLayer(BodyLayers.HEAD).getParam("b");
        List<INDArray> parts = new ArrayList<>();
        long n = features.size(0);
        for (long start = 0; start < n; start += CHUNK) {
            INDArray chunk = features.get(NDArrayIndex.interval(start, Math.min(n, start + CHUNK)), NDArrayIndex.all());
            INDArray hidden = BodyLayers.INPUT.equals(headInput) ? chunk
                    : network.feedForward(chunk, false).get(headInput);
            parts.add(hidden.reshape('c', hidden.size(0), -1).mmul(w).addiRowVector(b));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts);
    }
}
