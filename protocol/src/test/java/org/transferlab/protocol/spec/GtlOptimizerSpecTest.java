package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialConfig.Optimizer;
import org.transferlab.protocol.work.TrialStage;

/** The optimizer choice (train, scouts) and the GTL guide settings: defaults, resolution, validation. */
class GtlOptimizerSpecTest {

    private static ExperimentSpec gtl(String train, String gtl) {
        return SpecCodec.parse("""
                name: g
                kind: gtl
                model: {hidden: [16]}
                train: %s
                gtl: %s
                """.formatted(train, gtl));
    }

    private static List<String> errorFields(String text) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text));
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static String message(String text, String field) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text));
        return e.errors().stream().filter(f -> f.field().equals(field)).findFirst().orElseThrow().message();
    }

    @Test
    void an_old_spec_keeps_adam_everywhere_update_mode_and_an_unshaped_guide_but_scouts_now_on_the_source_task() {
        ExperimentSpec spec = gtl("{epochs: 3}", "{scouts: 2}");

        assertEquals("adam", spec.train().optimizer());
        assertEquals(0.0, spec.train().momentum());
        assertEquals("adam", spec.gtl().scoutOptimizer());
        assertEquals("update", spec.gtl().mode());
        assertEquals("source", spec.gtl().scoutData(), "scouts solve sub-problems of the source task, as published");
        assertEquals("none", spec.gtl().transform());
        assertEquals(1.0, spec.gtl().power());
        assertEquals(0.0, spec.gtl().offset());
        for (TrialStage stage : TrialStage.values()) {
            assertEquals(Optimizer.ADAM, TrialConfig.resolve(spec, stage, Map.of(TrialConfig.SCOUT, 0), 1).optimizer(), stage.wire());
        }
    }

    @Test
    void sgd_with_momentum_reaches_fine_tunes_and_scouts_and_makes_gradient_the_default_mode() {
        ExperimentSpec spec = gtl("{optimizer: sgd, momentum: 0.9}", "{scouts: 2}");

        assertEquals("gradient", spec.gtl().mode(), "the paper's setting: guide times gradient, SGD");
        for (TrialStage stage : List.of(TrialStage.GUIDED, TrialStage.BASELINE, TrialStage.FINETUNE, TrialStage.SCOUT)) {
            assertEquals(Optimizer.sgd(0.9), TrialConfig.resolve(spec, stage, Map.of(TrialConfig.SCOUT, 0), 1).optimizer(),
                    stage.wire());
        }
        assertEquals(Optimizer.ADAM, TrialConfig.resolve(spec, TrialStage.PRETRAIN, Map.of(), 1).optimizer(),
                "pretraining always trains with Adam");
    }

    @Test
    void scouts_may_take_their_own_optimizer_which_does_not_inherit_the_fine_tunes_momentum() {
        ExperimentSpec plainSgdScouts = gtl("{optimizer: sgd, momentum: 0.9}", "{scoutOptimizer: sgd}");
        assertEquals(Optimizer.sgd(0.0), TrialConfig.resolve(plainSgdScouts, TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 1), 1).optimizer());
        assertEquals(Optimizer.sgd(0.9), TrialConfig.resolve(plainSgdScouts, TrialStage.GUIDED, Map.of(), 1).optimizer());

        ExperimentSpec adamScouts = gtl("{optimizer: sgd}", "{scoutOptimizer: adam, mode: update}");
        assertEquals(Optimizer.ADAM, TrialConfig.resolve(adamScouts, TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 0), 1).optimizer());
        assertEquals("update", adamScouts.gtl().mode(), "an explicit mode wins over the optimizer's default");

        ExperimentSpec momentumScouts = gtl("{epochs: 2}", "{scoutOptimizer: sgd, scoutMomentum: 0.5}");
        assertEquals(Optimizer.sgd(0.5), TrialConfig.resolve(momentumScouts, TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 0), 1).optimizer());
        assertEquals(Optimizer.ADAM, TrialConfig.resolve(momentumScouts, TrialStage.GUIDED, Map.of(), 1).optimizer());
    }

    @Test
    void a_swept_momentum_overrides_the_fixed_one_per_trial() {
        ExperimentSpec spec = SpecCodec.parse("""
                name: f
                kind: finetune
                model: {hidden: [16]}
                train: {optimizer: sgd, momentum: 0.5}
                search: {algorithm: grid, space: {momentum: {type: choice, values: [0.0, 0.9]}}}
                """);
        assertEquals(Optimizer.sgd(0.9), TrialConfig.resolve(spec, TrialStage.FINETUNE, Map.of("momentum", 0.9), 1).optimizer());
        assertEquals(Optimizer.sgd(0.5), TrialConfig.resolve(spec, TrialStage.FINETUNE, Map.of(), 1).optimizer());
    }

    @Test
    void a_config_from_before_the_optimizer_field_trains_with_adam() throws Exception {
        var json = org.transferlab.protocol.Json.mapper();
        TrialConfig sgd = TrialConfig.resolve(gtl("{optimizer: sgd}", "{}"), TrialStage.GUIDED, Map.of(), 1);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(sgd);
        assertEquals("sgd", tree.get("optimizer").get("name").asText(), "the choice travels to the worker");
        tree.remove("optimizer");
        assertEquals(Optimizer.ADAM, json.treeToValue(tree, TrialConfig.class).optimizer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{optimizer: rmsprop}                   | {}                                    | train.optimizer",
        "{momentum: 0.9}                        | {}                                    | train.momentum",
        "{optimizer: sgd, momentum: 1.5}        | {}                                    | train.momentum",
        "{optimizer: sgd, momentum: -0.1}       | {}                                    | train.momentum",
        "{}                                     | {scoutOptimizer: lbfgs}               | gtl.scoutOptimizer",
        "{}                                     | {scoutMomentum: 0.9}                  | gtl.scoutMomentum",
        "{}                                     | {scoutOptimizer: sgd, scoutMomentum: 1.0} | gtl.scoutMomentum",
        "{}                                     | {transform: log}                      | gtl.transform",
        "{}                                     | {transform: power, power: 0}          | gtl.power",
        "{}                                     | {power: 2}                            | gtl.power",
        "{}                                     | {offset: 1.5}                         | gtl.offset",
        "{}                                     | {offset: -2}                          | gtl.offset",
        "{}                                     | {mode: step}                          | gtl.mode",
        "{}                                     | {scoutData: both}                     | gtl.scoutData",
    })
    void bad_optimizer_and_guide_settings_are_refused_with_their_field_path(String train, String gtl, String field) {
        List<String> fields = errorFields("""
                name: g
                kind: gtl
                model: {hidden: [16]}
                train: %s
                gtl: %s
                """.formatted(train, gtl));
        assertEquals(List.of(field), fields);
    }

    @Test
    void the_messages_say_what_to_do() {
        String adamMomentum = """
                name: g
                kind: gtl
                model: {hidden: [16]}
                train: {momentum: 0.9}
                """;
        assertTrue(message(adamMomentum, "train.momentum").startsWith("only sgd takes a momentum; set train.optimizer: sgd or drop it"));
        String strayPower = """
                name: g
                kind: gtl
                model: {hidden: [16]}
                gtl: {power: 2}
                """;
        assertTrue(message(strayPower, "gtl.power").startsWith("applies only with gtl.transform: power"));
    }

    @Test
    void a_swept_momentum_needs_sgd_and_distillation_refuses_sgd() {
        assertEquals(List.of("search.space.momentum"), errorFields("""
                name: f
                kind: finetune
                model: {hidden: [16]}
                search: {algorithm: grid, space: {momentum: {type: choice, values: [0.0, 0.9]}}}
                """));
        assertEquals(List.of("search.space.momentum.values[1]"), errorFields("""
                name: f
                kind: finetune
                model: {hidden: [16]}
                train: {optimizer: sgd}
                search: {algorithm: grid, space: {momentum: {type: choice, values: [0.0, 1.0]}}}
                """));
        assertTrue(errorFields("""
                name: d
                kind: distillation
                model: {hidden: [16]}
                data: {targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
                train: {optimizer: sgd}
                """).contains("train.optimizer"));
    }

    @Test
    void every_guide_shaping_in_range_is_accepted() {
        ExperimentSpec spec = gtl("{optimizer: sgd, momentum: 0.9}",
                "{scoutData: source, transform: power, power: 0.5, offset: -1, scoutOptimizer: sgd, scoutMomentum: 0}");
        assertEquals("power", spec.gtl().transform());
        assertEquals(-1.0, spec.gtl().offset());
        gtl("{}", "{transform: rank, offset: 1}");
        gtl("{}", "{scoutData: target, offset: 0.5}");
    }
}
