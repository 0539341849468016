package org.transferlab.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    @Test
    void student_t_quantiles_match_the_published_table() {
        assertEquals(12.706204736174698, StudentT.quantile(0.975, 1), 1e-9);
        assertEquals(4.302652729749464, StudentT.quantile(0.975, 2), 1e-10);
        assertEquals(2.7764451051977934, StudentT.quantile(0.975, 4), 1e-10);
        assertEquals(2.2621571627982053, StudentT.quantile(0.975, 9), 1e-10);
        assertEquals(2.045229642132703, StudentT.quantile(0.975, 29), 1e-10);
        assertEquals(1.9839715185235556, StudentT.quantile(0.975, 100), 1e-10);
        assertEquals(-2.2621571627982053, StudentT.quantile(0.025, 9), 1e-10);
        assertEquals(0.75, StudentT.cdf(1, 1), 1e-12, "one degree of freedom is the Cauchy distribution");
        assertEquals(0.5, StudentT.cdf(0, 7), 1e-15);
    }

    @Test
    void five_known_differences_give_the_textbook_interval() {
        PairedDifference d = PairedDifference.of("val_loss", "min", List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertEquals(5, d.n());
        assertEquals(3.0, d.mean(), 1e-12);
        assertEquals(1.5811388300841898, d.sd(), 1e-12);
        assertEquals(1.0367568385224428, d.low(), 1e-9);
        assertEquals(4.963243161477557, d.high(), 1e-9);
        assertTrue(d.excludesZero());
        assertEquals("guided − plain fine-tune (val_loss): +3.0000 [1.0368, 4.9632], 5 seeds", d.text("guided", "plain fine-tune"));
        assertEquals("guided scored 3.0000 above plain fine-tune; the interval excludes 0: plain fine-tune is better",
                d.verdict("guided", "plain fine-tune"), "a higher loss is worse");
    }

    @Test
    void accuracies_are_read_in_percentage_points() {
        PairedDifference d = PairedDifference.of("val_accuracy", "max", List.of(0.05, 0.08, 0.03));
        assertEquals(-0.009182761460424335, d.low(), 1e-9);
        assertEquals(0.11584942812709102, d.high(), 1e-9);
        assertEquals("finetune − network from scratch (val_accuracy): +5.3 pts [-0.9, 11.6], 3 seeds",
                d.text("finetune", "network from scratch"));
        assertEquals("finetune scored 5.3 pts above network from scratch, but the interval includes 0: no clear difference",
                d.verdict("finetune", "network from scratch"));
    }

    @Test
    void a_small_deficit_says_how_far_below_not_did_not_help_by_a_negative_number() {
        PairedDifference d = PairedDifference.of("val_accuracy", "max", List.of(-0.0020));
        assertEquals("student scored 0.20 pts below student from scratch (one seed: too few to tell)",
                d.verdict("student", "student from scratch"));
        assertEquals("student − student from scratch (val_accuracy): -0.20 pts, 1 seed (n too small for an interval)",
                d.text("student", "student from scratch"));
    }

    @Test
    void one_pair_has_no_interval_and_none_has_no_mean() {
        PairedDifference one = PairedDifference.of("val_accuracy", "max", List.of(0.1));
        assertEquals(1, one.n());
        assertFalse(one.hasInterval());
        assertNull(one.low());
        assertNull(one.high());
        assertNull(one.sd());
        PairedDifference none = PairedDifference.of("val_accuracy", "max", List.of());
        assertNull(none.mean());
        assertEquals("a − b (val_accuracy): no paired results yet", none.text("a", "b"));
    }

    @Test
    void an_exact_tie_names_no_winner() {
        PairedDifference d = PairedDifference.of("val_accuracy", "max", List.of(0.01, -0.01, 0.0));
        assertEquals(0.0, d.mean(), 0.0);
        assertEquals("a tie: guided and plain fine-tune scored the same on average", d.verdict("guided", "plain fine-tune"));
        assertFalse(d.excludesZero());
    }

    /** Repeats that train identically (seeds that change nothing) give a zero-width interval: the verdict says so. */
    @Test
    void identical_differences_on_every_seed_are_pointed_out() {
        PairedDifference d = PairedDifference.of("val_accuracy", "max", List.of(-0.0975, -0.0975, -0.0975));
        assertEquals(0.0, d.sd());
        assertEquals("finetune scored 9.8 pts below network from scratch; the interval excludes 0: network from scratch is better "
                + "(every seed gave the same difference: check that the seeds change the runs)",
                d.verdict("finetune", "network from scratch"));
    }

    @Test
    void test_errors_are_counts_with_lower_better() {
        PairedDifference d = PairedDifference.of("test_errors", "min", List.of(-300.0, -350.0, -320.0));
        assertTrue(d.excludesZero());
        assertTrue(d.verdict("student", "student from scratch").endsWith("student is better"), d.verdict("student", "student from scratch"));
        assertTrue(d.text("student", "student from scratch").startsWith("student − student from scratch (test_errors): -323.3 ["),
                d.text("student", "student from scratch"));
    }

    /** Seeded random samples of differences: the properties every interval must have. */
    @Test
    void every_interval_contains_its_mean_and_doubling_the_sample_narrows_it() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 500; round++) {
            int n = 2 + random.nextInt(30);
            List<Double> sample = new ArrayList<>();
            double shift = random.nextDouble(-1, 1);
            double spread = random.nextDouble(1e-4, 0.5);
            for (int i = 0; i < n; i++) {
                sample.add(shift + spread * (random.nextDouble() - 0.5));
            }
            PairedDifference d = PairedDifference.of("val_accuracy", "max", sample);
            assertTrue(d.low() <= d.mean() && d.mean() <= d.high(), "interval " + d + " misses its mean");
            assertEquals(d.mean() - d.low(), d.high() - d.mean(), 1e-12, "the interval is symmetric");
            List<Double> doubled = new ArrayList<>(sample);
            doubled.addAll(sample);
            PairedDifference twice = PairedDifference.of("val_accuracy", "max", doubled);
            assertEquals(d.mean(), twice.mean(), 1e-12);
            assertTrue(twice.high() - twice.low() < d.high() - d.low(),
                    "n=" + n + ": the same differences seen twice must give a narrower interval: " + d + " vs " + twice);
        }
    }

    @Test
    void the_interval_narrows_as_pairs_of_the_same_spread_accumulate() {
        double previous = Double.POSITIVE_INFINITY;
        for (int n = 2; n <= 40; n++) {
            List<Double> sample = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sample.add(i % 2 == 0 ? 0.01 : -0.01);
            }
            PairedDifference d = PairedDifference.of("val_accuracy", "max", sample);
            double width = d.high() - d.low();
            assertTrue(width < previous, "n=" + n + " gave width " + width + " after " + previous);
            previous = width;
        }
    }
}
