package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * {@code distill.method} and what FitNet and attention transfer need: old specs stay soft-target
 * distillation, a declared conv teacher replaces the MLP one, layer names are checked against the
 * networks that declare them (an unknown name is refused naming the field and the layers there are),
 * and the trial config carries the layers as vertex names.
 */
class DistillMethodSpecTest {

    /** A LeNet-ish conv teacher and a thinner student on MNIST. */
    private static String spec(String distill) {
        return """
                name: kd
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2], validationPerClass: 5}
                model:
                  layers:
                    - {name: s1, type: conv, filters: 4, kernel: 5, activation: relu}
                    - {name: sp1, type: pool}
                    - {name: s2, type: conv, filters: 8, kernel: 5, activation: relu}
                    - {name: sp2, type: pool}
                    - {name: sfc, type: dense, units: 32, activation: relu}
                distill:
                  teacherModel:
                    layers:
                      - {name: t1, type: conv, filters: 16, kernel: 5, activation: relu}
                      - {name: tp1, type: pool}
                      - {name: t2, type: conv, filters: 32, kernel: 5, activation: relu}
                      - {name: tp2, type: pool}
                      - {name: tfc, type: dense, units: 128, activation: relu}
                %s
                search: {trials: 1}
                """.formatted(distill.indent(2));
    }

    private static List<FieldError> refused(String yaml) {
        return assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(yaml)).errors();
    }

    @Test
    void a_spec_without_a_method_distils_soft_targets_from_the_mlp_teacher() {
        ExperimentSpec old = SpecCodec.parse("""
                name: d
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1], validationPerClass: 5}
                model: {type: mlp, hidden: [16]}
                """);
        assertEquals(DistillMethod.SOFT_TARGETS, old.distill().method());
        assertNull(old.distill().teacherModel());
        assertEquals(List.of(1200, 1200), old.distill().teacherHidden());
        TrialConfig student = TrialConfig.resolve(old, TrialStage.STUDENT, Map.of(), 1);
        assertEquals(DistillMethod.SOFT_TARGETS, student.distillation().method());
        assertNull(student.distillation().hints());
        assertNull(student.distillation().attention());
        assertEquals("soft targets", old.distill().methodText());
    }

    @Test
    void fitnet_names_layers_of_both_networks_and_the_config_carries_their_vertices() {
        ExperimentSpec spec = SpecCodec.parse(spec("method: fitnet\nfitnet: {hintLayer: t2, guidedLayer: s2}"));
        assertEquals(DistillMethod.FITNET, spec.distill().method());
        assertEquals(List.of(), spec.distill().teacherHidden(), "a declared teacher has no MLP layers");
        assertEquals(0.0, spec.distill().teacherDropout());
        assertEquals(5, spec.distill().fitnet().epochs());
        assertEquals(1e-3, spec.distill().fitnet().learningRate());
        TrialConfig.Distillation d = TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 1).distillation();
        assertEquals(new TrialConfig.Hints("body-1", "body-1", 5, 1e-3), d.hints());
        assertTrue(spec.distill().methodText().startsWith("FitNet hints (teacher layer t2 ← student layer s2"),
                spec.distill().methodText());
        assertNull(TrialConfig.resolve(spec, TrialStage.SCRATCH, Map.of(), 1).distillation(), "the baseline learns alone");
    }

    @Test
    void attention_pairs_resolve_to_vertices_with_the_papers_defaults() {
        ExperimentSpec spec = SpecCodec.parse(spec("""
                method: attention
                attention:
                  pairs: [{student: s1, teacher: t1}, {student: sp2, teacher: tp2}]"""));
        TrialConfig.Attention a = TrialConfig.resolve(spec, TrialStage.STUDENT, Map.of(), 1).distillation().attention();
        assertEquals(List.of(new TrialConfig.VertexPair("body-0", "body-0"), new TrialConfig.VertexPair("body-1-pool", "body-1-pool")),
                a.pairs());
        assertEquals(1000.0, a.beta());
        assertEquals(2.0, a.power());
    }

    @Test
    void an_unknown_layer_name_is_refused_naming_the_field_and_the_layers_there_are() {
        List<FieldError> errors = refused(spec("method: fitnet\nfitnet: {hintLayer: t9, guidedLayer: s2}"));
        assertEquals(List.of("distill.fitnet.hintLayer"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.get(0).message().contains("'t9'") && errors.get(0).message().contains("[t1, tp1, t2, tp2, tfc]"),
                errors.get(0).message());
        List<FieldError> attention = refused(spec("method: attention\nattention: {pairs: [{student: nope, teacher: t1}]}"));
        assertEquals(List.of("distill.attention.pairs[0].student"), attention.stream().map(FieldError::field).toList());
    }

    @Test
    void attention_maps_of_different_sizes_or_flat_layers_are_refused() {
        // s1 outputs 24×24, tp1 12×12
        assertEquals(List.of("distill.attention.pairs[0]"), refused(spec("method: attention\nattention: {pairs: [{student: s1, teacher: tp1}]}"))
                .stream().map(FieldError::field).toList());
        assertEquals(List.of("distill.attention.pairs[0].teacher"),
                refused(spec("method: attention\nattention: {pairs: [{student: sfc, teacher: tfc}]}")).stream().map(FieldError::field)
                        .filter(f -> f.endsWith("teacher")).toList(), "a dense layer has no map");
        assertEquals(List.of("distill.attention.pairs"), refused(spec("method: attention")).stream().map(FieldError::field).toList());
        assertEquals(List.of("distill.attention.beta"), refused(spec(
                "method: attention\nattention: {pairs: [{student: s1, teacher: t1}], beta: -1}")).stream().map(FieldError::field).toList());
    }

    @Test
    void method_fields_and_teacher_fields_that_do_not_apply_are_refused_by_path() {
        assertEquals(List.of("distill.method"), refused(spec("method: hints")).stream().map(FieldError::field).toList());
        assertEquals(List.of("distill.fitnet"), refused(spec("fitnet: {hintLayer: t2, guidedLayer: s2}"))
                .stream().map(FieldError::field).toList(), "FitNet layers under the soft method would be ignored");
        assertEquals(List.of("distill.teacherHidden"), refused(spec("teacherHidden: [100]")).stream().map(FieldError::field).toList());
        assertEquals(List.of("distill.teacherModel.layers[1].kernel"), refused("""
                name: kd
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1], validationPerClass: 5}
                model: {type: mlp, hidden: [16]}
                distill:
                  teacherModel: {layers: [{type: conv, filters: 4, kernel: 27}, {type: conv, filters: 4, kernel: 5}]}
                """).stream().map(FieldError::field).toList(), "the teacher's own layers are checked under its path");
    }

    @Test
    void a_dense_regressor_larger_than_the_parameter_limit_is_refused() {
        // the MLP teacher's 1200-unit hint from the student's first conv map (4×24×24 = 2,304 values): 2.8 M weights
        ExperimentSpec spec = SpecCodec.parse(spec("method: soft")).withDefaults();
        SpecLimits tight = new SpecLimits(SpecLimits.UNBOUNDED.maxTrials(), SpecLimits.UNBOUNDED.maxGridPoints(),
                SpecLimits.UNBOUNDED.maxEpochs(), SpecLimits.UNBOUNDED.maxBatchSize(), SpecLimits.UNBOUNDED.maxLayers(),
                SpecLimits.UNBOUNDED.maxLayerWidth(), SpecLimits.UNBOUNDED.maxChannels(), 1_000_000,
                SpecLimits.UNBOUNDED.maxTrialMemoryBytes(), SpecLimits.UNBOUNDED.maxScouts(), SpecLimits.UNBOUNDED.maxSleepMs());
        DistillSpec d = spec.distill();
        DistillSpec mlpTeacher = new DistillSpec(List.of(1200), d.teacherEpochs(), d.teacherLearningRate(), 0.0, null,
                d.temperature(), d.softWeight(), d.hardWeight(), d.baseline(), d.mode(), d.transferExamplesPerClass(),
                d.transferLabels(), d.teacherExamplesPerClass(), 0.0, 0, DistillMethod.FITNET, null,
                new FitNetSpec("body-0", "s1", 5, 1e-3), d.attention(), null);
        ExperimentSpec withMlp = new ExperimentSpec(spec.name(), spec.kind(), spec.seed(), spec.data(), spec.model(), spec.pretrain(),
                spec.train(), spec.search(), spec.scheduler(), spec.gtl(), mlpTeacher, spec.limits(), spec.objective()).withDefaults();
        List<FieldError> errors = SpecValidator.validate(withMlp, tight);
        assertTrue(errors.stream().anyMatch(e -> e.field().equals("distill.fitnet.guidedLayer") && e.message().contains("dense regressor")),
                errors.toString());
    }
}
