package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a spec may cost is bounded before anything is built, by arithmetic on its numbers alone. */
class SpecCostTest {

    /** The orchestrator's defaults (reference.conf, transferlab.orchestrator.spec-limits). */
    static final SpecLimits LAB = new SpecLimits(10_000, 100_000, 1000, 4096, 16, 8192, 1024, 20_000_000L, 1L << 30, 64, 60_000);

    private static FieldError refused(String text) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text, LAB));
        assertEquals(1, e.errors().size(), e.errors().toString());
        return e.errors().getFirst();
    }

    @Test
    void an_astronomical_grid_is_refused_at_once_without_listing_its_points() {
        String spec = """
                name: dos
                kind: synthetic
                search:
                  algorithm: grid
                  trials: 10
                  space:
                    x: {type: uniform, min: 0, max: 1.0e300, q: 1.0e-300}
                    y: {type: uniform, min: 0, max: 1.0e12, q: 1}
                """;
        FieldError e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(spec));
        assertEquals("search.space", e.field());
        assertTrue(e.message().contains("more than 9.2e18") && e.message().contains("max-grid-points"), e.toString());
    }

    @Test
    void a_grid_of_ten_million_points_is_refused_and_one_within_the_limit_accepted() {
        FieldError e = refused("""
                name: big
                kind: synthetic
                search:
                  algorithm: grid
                  space:
                    x: {type: int, min: 1, max: 10000}
                    y: {type: uniform, min: 0, max: 0.999, q: 0.001}
                """);
        assertTrue(e.message().startsWith("the grid has 10000000 points (x 10000 × y 1000)"), e.toString());
        SpecCodec.parse("""
                name: fits
                kind: synthetic
                search:
                  algorithm: grid
                  space:
                    x: {type: int, min: 1, max: 100}
                    y: {type: uniform, min: 0, max: 0.999, q: 0.001}
                """, LAB);
    }

    @Test
    void the_grid_count_of_a_dimension_matches_its_points() {
        assertEquals(3, new ParamSpec("int", 1.0, 3.0, null, null).gridPoints());
        assertEquals(4, new ParamSpec("int", 8.0, 32.0, null, 8.0).gridPoints());
        assertEquals(5, new ParamSpec("uniform", 0.1, 0.5, null, 0.1).gridPoints(), "floating error must not lose the last point");
        assertEquals(2, new ParamSpec("choice", null, null, List.of("a", "b"), null).gridPoints());
        assertEquals(0, new ParamSpec("uniform", 0.1, 0.5, null, null).gridPoints(), "continuous: no grid");
        assertEquals(Long.MAX_VALUE, new ParamSpec("uniform", 0.0, 1e300, null, 1e-300).gridPoints());
    }

    @Test
    void trials_times_repeats_is_bounded() {
        assertEquals("search.repeats", refused("name: r\nkind: synthetic\nsearch: {trials: 5000, repeats: 3}\n").field());
        assertEquals("search.trials", refused("name: r\nkind: synthetic\nsearch: {trials: 20000}\n").field());
    }

    @Test
    void a_deep_model_is_refused_by_depth_and_a_wide_one_by_its_parameters() {
        String deep = "name: d\nmodel: {hidden: " + java.util.Collections.nCopies(40, 64) + "}\n";
        assertTrue(refused(deep).message().contains("max-layers"));
        FieldError wide = refused("name: w\nmodel: {hidden: [8192, 8192, 8192, 8192]}\n");
        assertEquals("model", wide.field());
        assertTrue(wide.message().contains("parameters") && wide.message().contains("max-parameters"), wide.toString());
    }

    @Test
    void a_model_whose_batch_would_not_fit_a_slot_is_refused_by_its_estimated_memory() {
        // 1024 filters of 24×24 per example: about 9 MiB of activations per example, times 4096
        FieldError e = refused("""
                name: m
                model: {type: lenet, channels: [1024], hidden: [64]}
                train: {batchSize: 16}
                search:
                  space:
                    batchSize: {type: choice, values: [16, 4096]}
                """);
        assertEquals("model", e.field());
        assertTrue(e.message().contains("MiB per trial at batch size 4096") && e.message().contains("max-trial-memory"), e.toString());
    }

    @Test
    void a_teacher_too_large_for_a_slot_is_refused() {
        FieldError e = refused("name: t\nkind: distillation\ndistill: {teacherHidden: [8192, 8192, 8192]}\n");
        assertEquals("distill.teacherHidden", e.field());
    }

    @Test
    void parameter_counts_are_those_of_the_networks_the_workers_build() {
        ModelSpec mlp = new ModelSpec("mlp", List.of(256, 128), List.of(), "relu", 0.0);
        assertEquals(784L * 256 + 256 + 256L * 128 + 128 + 128L * 10 + 10, ModelCost.of(mlp, 28, 28, 10).parameters());
        // the classic LeNet-5 of DL4J's examples: 431,080 parameters
        ModelSpec lenet = new ModelSpec("lenet", List.of(500), List.of(20, 50), "relu", 0.0);
        assertEquals(431_080L, ModelCost.of(lenet, 28, 28, 10).parameters());
        // the masked autoencoder mirrors the body back to the 784 inputs: 784-256-128-256-784
        assertEquals(784L * 256 + 256 + 256L * 128 + 128 + 128L * 256 + 256 + 256L * 784 + 784,
                ModelCost.of(mlp, 28, 28, 5, true).parameters());
    }

    @Test
    void the_shipped_examples_fit_the_default_limits() throws Exception {
        java.nio.file.Path examples = java.nio.file.Path.of("..", "examples");
        try (var files = java.nio.file.Files.list(examples)) {
            List<java.nio.file.Path> specs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertTrue(specs.size() >= 4, specs.toString());
            for (java.nio.file.Path p : specs) {
                SpecCodec.parse(java.nio.file.Files.readString(p), LAB);
            }
        }
    }
}
