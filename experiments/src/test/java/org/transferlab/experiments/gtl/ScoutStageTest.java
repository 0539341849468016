package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.experiments.data.LabeledExamples;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;

/** Which task and which dataset a scout's images come from, on the bundled MNIST and Fashion-MNIST subsets. */
class ScoutStageTest {

    private static final String SPEC = """
            name: scouts
            kind: gtl
            seed: 5
            data: {dataset: mnist, sourceDataset: fashion-mnist, sourceClasses: [0, 1, 2, 3, 4],
                   targetClasses: [5, 6, 7, 8, 9], examplesPerClass: 4, validationPerClass: 10}
            model: {type: mlp, hidden: [8]}
            gtl: {scouts: 3, classesPerScout: 3, examplesPerClass: 12%s}
            """;

    @TempDir
    static Path dir;

    private static Dataset mnist;
    private static Dataset fashion;

    @BeforeAll
    static void load() throws Exception {
        mnist = DatasetRegistry.load("mnist", null);
        fashion = DatasetRegistry.load("fashion-mnist", null);
    }

    private static ExperimentSpec spec(String gtlExtra) {
        return SpecCodec.parse(SPEC.formatted(gtlExtra));
    }

    private static ScoutStage scout(ExperimentSpec spec, Dataset dataset, int index) throws Exception {
        WorkItem work = WorkItems.work("w", "e", "t", StageKind.SCOUT, spec, Map.of("scout", index), Map.of("body", "b"), null);
        return new ScoutStage(work, spec, dataset, new DirectoryArtifactStore(dir));
    }

    /** Every image of {@code split} by class, as its pixel values. */
    private static Map<Integer, Set<List<Float>>> imagesByClass(LabeledExamples split, List<Integer> classes) {
        Map<Integer, Set<List<Float>>> images = new java.util.HashMap<>();
        float[] pixels = new float[split.featuresPerExample()];
        for (int cls : classes) {
            Set<List<Float>> set = new HashSet<>();
            for (int i : split.indicesOf(cls)) {
                split.copyFeatures(i, pixels, 0);
                set.add(boxed(pixels));
            }
            images.put(cls, set);
        }
        return images;
    }

    private static List<Float> boxed(float[] values) {
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return Arrays.asList(out);
    }

    @Test
    void scouts_read_the_source_dataset_by_default_and_the_target_dataset_when_asked() {
        assertEquals("fashion-mnist", ScoutStage.datasetName(spec("")));
        assertEquals("fashion-mnist", ScoutStage.datasetName(spec(", scoutData: source")));
        assertEquals("mnist", ScoutStage.datasetName(spec(", scoutData: target")));
    }

    @Test
    void source_scouts_train_on_source_class_images_of_the_source_dataset() throws Exception {
        ExperimentSpec spec = spec("");
        List<Integer> source = spec.data().sourceClasses();
        Map<Integer, Set<List<Float>>> fashionImages = imagesByClass(fashion.train(), source);
        Map<Integer, Set<List<Float>>> mnistImages = imagesByClass(mnist.train(), List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        Set<List<Integer>> subProblems = new HashSet<>();
        for (int index = 0; index < 3; index++) {
            ScoutStage scout = scout(spec, fashion, index);
            List<Integer> classes = scout.classes();
            subProblems.add(classes);
            assertEquals(3, classes.size());
            assertTrue(source.containsAll(classes), "scout " + index + " classes " + classes + " are source classes");

            DataSet train = scout.trainingSet();
            assertEquals(3 * 12, train.numExamples(), "gtl.examplesPerClass images of each class, not the k-shot 4");
            float[] pixels = new float[fashion.inputs()];
            for (int row = 0; row < train.numExamples(); row++) {
                int cls = classes.get(train.getLabels().getRow(row).argMax().getInt(0));
                pixels = train.getFeatures().getRow(row).toFloatVector();
                List<Float> image = boxed(pixels);
                assertTrue(fashionImages.get(cls).contains(image), "row " + row + " is a Fashion-MNIST image of class " + cls);
                assertFalse(mnistImages.values().stream().anyMatch(s -> s.contains(image)), "row " + row + " is no MNIST digit");
            }
        }
        assertTrue(subProblems.size() > 1, "scouts solve different sub-problems: " + subProblems);
    }

    @Test
    void target_scouts_see_only_the_fine_tunes_k_shot_images_of_the_target_classes() throws Exception {
        ExperimentSpec spec = spec(", scoutData: target");
        ScoutStage scout = scout(spec, mnist, 0);

        assertTrue(spec.data().targetClasses().containsAll(scout.classes()), scout.classes().toString());
        assertEquals(3 * 4, scout.trainingSet().numExamples(), "min(gtl.examplesPerClass, k) = 4 per class");
    }
}
