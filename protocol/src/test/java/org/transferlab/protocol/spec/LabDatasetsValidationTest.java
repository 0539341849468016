package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Example counts checked against the datasets as a lab holds them: on a lab with only the bundled
 * MNIST subset, every count a worker would sample beyond its 100 images per class is refused with
 * the field path and the lab's explanation, while the same spec passes against the full datasets
 * and the lab's own sources keep their own counts.
 */
class LabDatasetsValidationTest {

    private static final String WHY = "it holds only the bundled subset; fetch it";
    private static final LabDatasets SUBSET = new LabDatasets(Map.of(
            "mnist", new LabDatasets.Held(Datasets.BUNDLED_SUBSETS.get("mnist").info(), WHY)));

    private static List<FieldError> refused(String yaml, LabDatasets lab) {
        return assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse(yaml, SpecLimits.UNBOUNDED, UnaryOperator.identity(), lab)).errors();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    private static final String FINETUNE = """
            name: f
            data: {dataset: mnist, sourceExamplesPerClass: %d, examplesPerClass: %d, validationPerClass: %d}
            model: {hidden: [16]}
            search: {trials: 1}
            """;

    @Test
    void a_finetune_needing_the_full_mnist_is_refused_by_field_with_what_the_lab_holds_and_why() {
        String demo = FINETUNE.formatted(5000, 2, 100);
        SpecCodec.parse(demo, SpecLimits.UNBOUNDED, UnaryOperator.identity(), LabDatasets.FULL);

        List<FieldError> errors = refused(demo, SUBSET);
        assertEquals(List.of("data.sourceExamplesPerClass", "data.examplesPerClass"), fields(errors),
                "5,000 pretraining images per class, and 2 beside the 100 validation images of a 100-image class");
        assertTrue(errors.get(0).message().startsWith("5000 examples per class is impossible: the smallest class of mnist has 100 "
                + "training examples on this lab: " + WHY), errors.get(0).message());
        assertTrue(errors.get(1).message().contains("beside data.validationPerClass=100") && errors.get(1).message().contains(WHY),
                errors.get(1).message());
    }

    @Test
    void counts_the_subset_can_give_pass_and_the_lab_only_lowers_counts() {
        SpecCodec.parse(FINETUNE.formatted(60, 10, 40), SpecLimits.UNBOUNDED, UnaryOperator.identity(), SUBSET);
        // 61 + 40 is one more than a class of the subset has; the same spec fits the full set
        assertEquals(List.of("data.sourceExamplesPerClass"), fields(refused(FINETUNE.formatted(61, 10, 40), SUBSET)));
        assertEquals(List.of("data.validationPerClass"), fields(refused(FINETUNE.formatted(10, 10, 101), SUBSET)));
        // a subset of Fashion-MNIST does not concern a spec on mnist's full set, nor the other way round
        LabDatasets fashionOnly = new LabDatasets(Map.of(
                "fashion-mnist", new LabDatasets.Held(Datasets.BUNDLED_SUBSETS.get("fashion-mnist").info(), WHY)));
        SpecCodec.parse(FINETUNE.formatted(5000, 2, 100), SpecLimits.UNBOUNDED, UnaryOperator.identity(), fashionOnly);
    }

    @Test
    void gtl_scouts_and_distillation_sets_count_against_the_lab_too() {
        List<FieldError> gtl = refused("""
                name: g
                kind: gtl
                data: {dataset: mnist, sourceExamplesPerClass: 20, examplesPerClass: 5, validationPerClass: 20}
                model: {hidden: [16]}
                gtl: {examplesPerClass: 90}
                search: {trials: 1}
                """, SUBSET);
        assertEquals(List.of("gtl.examplesPerClass"), fields(gtl), "source scouts get what validation leaves: 80 of 100");
        assertTrue(gtl.get(0).message().contains(WHY), gtl.get(0).message());

        List<FieldError> distill = refused("""
                name: d
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2], examplesPerClass: 5, validationPerClass: 5}
                model: {hidden: [16]}
                distill: {teacherExamplesPerClass: 500, transferExamplesPerClass: 50, teachers: [{classes: [0, 1], examplesPerClass: 200}]}
                search: {trials: 1}
                """, SUBSET);
        assertEquals(List.of("distill.teacherExamplesPerClass", "distill.teachers[0].examplesPerClass"), fields(distill),
                "not data.sourceExamplesPerClass, whose default of 500 no distillation stage samples");
        assertTrue(distill.stream().allMatch(e -> e.message().contains(WHY)), distill.toString());
    }

    @Test
    void a_finetune_that_loads_its_body_samples_no_source_images_on_the_lab() {
        String loaded = """
                name: f
                data: {dataset: mnist, sourceExamplesPerClass: 5000, examplesPerClass: 5, validationPerClass: 20}
                model: {hidden: [16]}
                pretrain: {artifact: body-1}
                search: {trials: 1}
                """;
        SpecCodec.parse(loaded, SpecLimits.UNBOUNDED, UnaryOperator.identity(), SUBSET);
        assertEquals(List.of("data.sourceExamplesPerClass"), fields(refused(loaded.replace("pretrain: {artifact: body-1}\n", ""), SUBSET)));
    }

    @Test
    void a_dataset_from_the_labs_own_files_keeps_its_own_counts() {
        DataSourceSpec own = new DataSourceSpec("csv", "/data/own.csv", 1, 4, 1, 0.3, null, 3, 50, 20, null, null);
        LabDatasets everything = new LabDatasets(Map.of("own", new LabDatasets.Held(new Datasets.Info(3, 1, 4, 1, 1), WHY)));
        DataSpec data = new DataSpec("own", "own", null, null, null, null, null, null, Map.of("own", own));
        assertEquals(50, everything.info(data, "own").minTrainPerClass(), "a source the spec declares is the spec's, not the lab's");
        assertEquals("", everything.explain(data, "own"));
    }
}
