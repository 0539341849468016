package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkResult;

/** The spec's side of train / validation / test: sizes that fit the training part, a test sample size, no test objective. */
class DataSplitsSpecTest {

    private static InvalidSpecException refused(String yaml) {
        return assertThrows(InvalidSpecException.class, () -> SpecCodec.parse("name: x\n" + yaml));
    }

    private static List<String> fields(InvalidSpecException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaults_leave_room_for_validation_in_the_training_part_and_score_every_test_example() {
        DataSpec iris = SpecCodec.parse("name: x\ndata: {dataset: iris}\n").data();
        assertEquals(15, iris.validationPerClass(), "unchanged default");
        assertEquals(20, iris.sourceExamplesPerClass(), "35 training examples in iris' smallest class, 15 of them validate");
        assertEquals(0, iris.testPerClass(), "0: every test example");
        DataSpec mnist = SpecCodec.parse("name: x\n").data();
        assertEquals(500, mnist.sourceExamplesPerClass());
        assertEquals(100, mnist.validationPerClass());
    }

    @Test
    void k_shot_and_validation_together_must_fit_the_smallest_class_of_the_training_part() {
        InvalidSpecException e = refused("data: {dataset: iris, examplesPerClass: 30, validationPerClass: 10}\n");
        assertEquals(List.of("data.examplesPerClass"), fields(e));
        assertTrue(e.errors().getFirst().message().contains("carved from the training part"), e.getMessage());

        InvalidSpecException source = refused("data: {dataset: wine, sourceExamplesPerClass: 30, validationPerClass: 10, examplesPerClass: 5}\n");
        assertEquals(List.of("data.sourceExamplesPerClass"), fields(source));

        InvalidSpecException tooMany = refused("data: {dataset: iris, validationPerClass: 40}\n");
        assertTrue(fields(tooMany).contains("data.validationPerClass"), tooMany.getMessage());
    }

    @Test
    void the_test_sample_size_is_zero_for_all_or_positive() {
        assertEquals(List.of("data.testPerClass"), fields(refused("data: {testPerClass: -1}\n")));
        assertEquals(50, SpecCodec.parse("name: x\ndata: {testPerClass: 50}\n").data().testPerClass());
    }

    @Test
    void a_test_metric_cannot_be_the_objective() {
        assertEquals(List.of("objective.metric"), fields(refused("objective: {metric: test_accuracy, mode: max}\n")));
    }

    @Test
    void test_metrics_never_travel_with_the_selection_metrics() {
        WorkResult result = new WorkResult(Map.of("val_accuracy", 0.5, "test_errors", 12.0), Map.of(), false, Map.of("test_loss", 0.3));
        assertEquals(Map.of("val_accuracy", 0.5), result.finalMetrics());
        assertEquals(Map.of("test_errors", 12.0, "test_loss", 0.3), result.testMetrics());
        assertThrows(IllegalArgumentException.class, () -> new WorkResult(Map.of(), Map.of(), false, Map.of("val_loss", 1.0)));
        WorkResult carried = Json.read(Json.write(result), WorkResult.class);
        assertEquals(result, carried, "the worker's result reaches the orchestrator with its test metrics");
        assertEquals(Map.of(), Json.read("{\"finalMetrics\":{\"val_loss\":1.0},\"artifacts\":{},\"stoppedEarly\":false}",
                WorkResult.class).testMetrics(), "a worker of the previous build sends none");
        assertEquals("test_accuracy", TrialView.testMetricFor("val_accuracy"));
        assertEquals("test_loss", TrialView.testMetricFor("val_loss"));
        assertEquals("test_loss", TrialView.testMetricFor("train_loss"));
    }
}
