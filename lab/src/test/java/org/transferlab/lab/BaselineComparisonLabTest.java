package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.PairedDifference;
import org.transferlab.protocol.work.TrialStage;

/**
 * The comparison with the automatic baseline through a real standalone lab (orchestrator, store,
 * HTTP on port 0, two worker slots) on synthetic trials, which report a known function in
 * milliseconds: {@code submit --follow}'s summary and {@code tlab show} print the paired difference
 * the API computes, and an exact tie names no winner.
 */
class BaselineComparisonLabTest {

    /**
     * Three seeds of two configurations and the synthetic baseline (x = y = 0) on each seed. After 3
     * epochs a trial reports val_accuracy = peak(x, y) · 7/8: 0.875 at (0.3, -0.2), 0.875 / 1.13 at (0, 0).
     */
    static final String SWEEP = """
            name: %s
            kind: synthetic
            seed: 3
            train: {epochs: 3, baseline: true}
            search:
              algorithm: grid
              trials: 2
              repeats: 3
              maxConcurrent: 2
              space:
                x: {type: choice, values: [%s]}
                y: {type: choice, values: [%s]}
                sleepMs: {type: choice, values: [5]}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2);

    private static String follow(String name, String xValues, String yValues) throws Exception {
        Path spec = lab.dataDir().resolve(name + ".yaml");
        Files.writeString(spec, SWEEP.formatted(name, xValues, yValues));
        return lab.tlab("submit", spec.toString(), "--follow", "--api", lab.apiUrl(), "--token", lab.token());
    }

    @Test
    void follow_and_show_print_the_paired_difference_with_its_interval_and_the_headline_names_the_method() throws Exception {
        String followed = follow("synthetic-seeds", "0.0, 0.3", "-0.2");
        String id = followed.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow().split(" ")[1];
        double method = 0.875;
        double baseline = 0.875 / 1.13;
        String difference = String.format(java.util.Locale.ROOT, "+%.1f pts [%.1f, %.1f], 3 seeds", 100 * (method - baseline),
                100 * (method - baseline), 100 * (method - baseline));
        List<String> lines = followed.lines().toList();
        int summary = lines.indexOf(lines.stream().filter(l -> l.startsWith(id + " COMPLETED: ")).findFirst().orElseThrow());
        assertEquals(id + " COMPLETED: best val_accuracy: 0.8750 (method: synthetic, trial #1)", lines.get(summary).replaceAll("trial #\\d+", "trial #1"),
                followed);
        assertEquals("baseline: synthetic baseline, paired by seed with the best synthetic configuration on val_accuracy (x=0.3 y=-0.2 sleepMs=5)",
                lines.get(summary + 1));
        assertEquals("  synthetic − synthetic baseline (val_accuracy): " + difference, lines.get(summary + 2));
        assertEquals("  synthetic scored 10.1 pts above synthetic baseline; the interval excludes 0: synthetic is better "
                + "(every seed gave the same difference: check that the seeds change the runs)", lines.get(summary + 3),
                "a synthetic trial ignores its seed, and the verdict says the spread is nil");

        Comparison c = new LabApiClient(java.net.URI.create(lab.apiUrl()), null).comparison(id);
        assertEquals(TrialStage.SYNTHETIC_BASELINE, c.baseline());
        assertEquals(List.of(3, 4, 5), c.pairs().stream().map(p -> ((Number) p.seed()).intValue()).toList());
        PairedDifference d = c.objective();
        assertEquals(3, d.n());
        assertEquals(method - baseline, d.mean(), 1e-9);

        String shown = lab.tlab("show", id, "--api", lab.apiUrl());
        assertTrue(shown.contains("\n  synthetic − synthetic baseline (val_accuracy): " + difference + "\n"), shown);
        assertTrue(shown.lines().filter(l -> l.startsWith("#")).count() == 9, "6 sweep trials and 3 baselines:\n" + shown);
    }

    @Test
    void an_exact_tie_with_the_baseline_names_the_method_as_best_and_no_winner_in_the_verdict() throws Exception {
        // the only configuration is the baseline's own point (0, 0): every pair differs by exactly 0
        String followed = follow("synthetic-tie", "0.0", "0.0");
        String id = followed.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow().split(" ")[1];
        String headline = followed.lines().filter(l -> l.startsWith(id + " COMPLETED: ")).findFirst().orElseThrow();
        assertTrue(headline.contains("(method: synthetic, trial #"), "a tie goes to the method: " + headline);
        assertTrue(followed.contains("\n  a tie: synthetic and synthetic baseline scored the same on average\n"), followed);
        assertEquals(0.0, new LabApiClient(java.net.URI.create(lab.apiUrl()), null).comparison(id).objective().mean());
        String shown = lab.tlab("show", id, "--api", lab.apiUrl());
        String top = shown.lines().filter(l -> l.startsWith("#")).findFirst().orElseThrow();
        assertTrue(top.contains(" synthetic "), "the table's top row is a method trial, as the headline says: " + top);
    }
}
