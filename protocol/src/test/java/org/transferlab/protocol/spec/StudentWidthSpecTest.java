package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * The student's {@code width} as a searched parameter of a distillation sweep: it widens or thins
 * every hidden layer of the student (and of its from-scratch twin, never the teacher), and the
 * widest student the space can propose is held to the lab's limits with the field path named.
 */
class StudentWidthSpecTest {

    private static String spec(String model, String width) {
        return """
                name: kd-width
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2], validationPerClass: 5}
                model: %s
                objective:
                  metrics:
                    - {metric: val_accuracy, mode: max}
                    - {metric: params, mode: min}
                search:
                  trials: 4
                  space:
                    width: %s
                """.formatted(model, width);
    }

    private static List<FieldError> refused(String yaml, SpecLimits limits) {
        return assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(yaml, limits)).errors();
    }

    @Test
    void widening_scales_every_hidden_layer_and_conv_filters_with_at_least_one_unit() {
        ModelSpec mlp = new ModelSpec("mlp", List.of(64, 10), List.of(), "relu", 0.0);
        assertEquals(List.of(16, 3), mlp.widened(0.25).hidden(), "round(0.25·10) = 3 (2.5 rounds up)");
        assertEquals(List.of(1, 1), mlp.widened(0.001).hidden(), "never below one unit");
        assertSame(mlp, mlp.widened(1.0));
        ModelSpec lenet = new ModelSpec("lenet", List.of(500), List.of(20, 50), "relu", 0.0);
        assertEquals(List.of(10, 25), lenet.widened(0.5).channels());
        assertEquals(List.of(250), lenet.widened(0.5).hidden());
        ModelSpec declared = SpecCodec.parse(spec("""
                {layers: [{name: c1, type: conv, filters: 8, kernel: 5, activation: relu}, {name: p1, type: pool},
                          {name: fc, type: dense, units: 32, activation: relu}]}""", "{type: choice, values: [0.5]}")).model();
        List<LayerSpec> half = declared.widened(0.5).layers();
        assertEquals(4, half.get(0).filters());
        assertEquals(List.of(5), half.get(0).kernel(), "kernels stay");
        assertEquals("p1", half.get(1).name());
        assertEquals(16, half.get(2).units());
    }

    @Test
    void a_student_and_its_scratch_twin_get_the_width_the_teacher_does_not() {
        ExperimentSpec spec = SpecCodec.parse(spec("{type: mlp, hidden: [64]}", "{type: choice, values: [0.25, 0.5, 1.0, 2.0]}"));
        Map<String, Object> params = Map.of("width", 0.5, "temperature", 4.0);
        TrialConfig student = TrialConfig.resolve(spec, TrialStage.STUDENT, params, 1);
        TrialConfig twin = TrialConfig.resolve(spec, TrialStage.SCRATCH, Map.of("width", 0.5), 1);
        assertEquals(0.5, student.width());
        assertEquals(0.5, twin.width());
        assertEquals(List.of(32), student.network(spec.model()).hidden());
        assertEquals(student.network(spec.model()), twin.network(spec.model()), "the twin is the same network");
        assertNull(TrialConfig.resolve(spec, TrialStage.TEACHER, params, 1).width(), "the teacher keeps its own network");
        assertNull(TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 1).width());
        assertSame(spec.model(), TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 1).network(spec.model()));
    }

    @Test
    void width_is_a_distillation_parameter_only_and_must_be_positive() {
        List<FieldError> errors = refused(spec("{type: mlp, hidden: [64]}", "{type: choice, values: [0.5, 0, -1]}"), SpecLimits.UNBOUNDED);
        assertEquals(List.of("search.space.width.values[1]", "search.space.width.values[2]"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.getFirst().message().startsWith("must be positive"), errors.toString());
        List<FieldError> finetune = refused("""
                name: ft
                kind: finetune
                data: {dataset: mnist, sourceClasses: [0, 1], targetClasses: [2, 3]}
                search: {trials: 1, space: {width: {type: choice, values: [0.5]}}}
                """, SpecLimits.UNBOUNDED);
        assertEquals("search.space.width", finetune.getFirst().field());
        assertTrue(finetune.getFirst().message().startsWith("unknown parameter"), finetune.toString());
    }

    @Test
    void the_widest_student_the_space_proposes_must_fit_the_limits() {
        List<FieldError> wide = refused(spec("{type: mlp, hidden: [64]}", "{type: uniform, min: 0.25, max: 200}"), SpecCostTest.LAB);
        assertEquals(1, wide.size(), wide.toString());
        assertEquals("search.space.width", wide.getFirst().field());
        assertTrue(wide.getFirst().message().startsWith("at width 200, the student's model.hidden[0]: layer size must be 1..8192, was 12800"),
                wide.toString());
        List<FieldError> heavy = refused(spec("{type: mlp, hidden: [1000, 1000]}", "{type: choice, values: [1, 8]}"), SpecCostTest.LAB);
        assertEquals("search.space.width", heavy.getFirst().field());
        assertTrue(heavy.getFirst().message().startsWith("at width 8, the student (model) has "), heavy.toString());
        assertTrue(heavy.getFirst().message().contains("max-parameters"), heavy.toString());
        SpecCodec.parse(spec("{type: mlp, hidden: [1000, 1000]}", "{type: choice, values: [0.25, 0.5, 1, 2]}"), SpecCostTest.LAB);
    }

    @Test
    void imported_weights_cannot_fill_a_student_of_another_width() {
        List<FieldError> errors = refused(spec("""
                {layers: [{name: fc, type: dense, units: 8, activation: relu}], weights: {path: /tmp/w.npz}}""",
                "{type: choice, values: [0.5, 1]}"), SpecLimits.UNBOUNDED);
        assertTrue(errors.stream().anyMatch(e -> e.field().equals("search.space.width") && e.message().contains("model.weights")),
                errors.toString());
    }

    @Test
    void a_fitnet_regressor_is_sized_on_the_widest_student() {
        String fitnet = """
                name: kd-width-fitnet
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2], validationPerClass: 5}
                model: {layers: [{name: s1, type: conv, filters: 4, kernel: 5, activation: relu}, {name: fc, type: dense, units: 8}]}
                distill:
                  method: fitnet
                  teacherModel: {layers: [{name: t1, type: conv, filters: 16, kernel: 5, activation: relu}, {name: tfc, type: dense, units: 8}]}
                  fitnet: {hintLayer: t1, guidedLayer: s1}
                search:
                  trials: 2
                  space:
                    width: {type: choice, values: [%s]}
                """;
        // a 1×1 conv regressor from s1 to t1: 4·16 + 16 = 80 weights at width 1, 64·16 + 16 = 1,040 at width 16
        SpecLimits limits = new SpecLimits(10_000, 100_000, 1000, 4096, 16, 8192, 1024, 1000, 1L << 40, 64, 60_000);
        assertTrue(SpecValidator.validate(SpecCodec.readAccepted(fitnet.formatted("1")), limits).stream()
                .noneMatch(e -> e.field().equals("distill.fitnet.guidedLayer")));
        List<FieldError> wide = SpecValidator.validate(SpecCodec.readAccepted(fitnet.formatted("1, 16")), limits);
        assertTrue(wide.stream().anyMatch(e -> e.field().equals("distill.fitnet.guidedLayer") && e.message().contains("has 1040 parameters")),
                wide.toString());
    }

    @Test
    void an_absurd_width_is_refused_by_its_size_not_wrapped_around() {
        List<FieldError> errors = refused(spec("{type: mlp, hidden: [64]}", "{type: choice, values: [1.0e12]}"), SpecCostTest.LAB);
        assertEquals("search.space.width", errors.getFirst().field());
        assertTrue(errors.getFirst().message().contains("was 2147483647"), errors.toString());
    }
}
