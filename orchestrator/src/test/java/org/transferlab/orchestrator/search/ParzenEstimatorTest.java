package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ParamSpec;

class ParzenEstimatorTest {

    static final ParamSpec UNIT = new ParamSpec("uniform", 0.0, 1.0, null, null);

    @Test
    void weighted_observations_set_the_mixture_shares_with_the_prior_weighing_one() {
        // observations 0.2 (weight 1) and 0.8 (weight 0.5): σ = 0.6 each (the distance to the other point),
        // prior N(0.5, 1); shares 1/2.5, 0.5/2.5, 1/2.5; each Gaussian truncated to [0, 1]. Values by hand
        // (math.erf): Σ share · φ((x − μ)/σ)/σ / (Φ((1 − μ)/σ) − Φ(−μ/σ)).
        ParzenEstimator density = ParzenEstimator.fit(UNIT, List.of(0.2, 0.8), new double[] {1, 0.5});
        assertEquals(0.0402365, density.logDensity(0.2), 1e-6);
        assertEquals(0.0671849, density.logDensity(0.5), 1e-6);
        assertEquals(-0.1727575, density.logDensity(0.95), 1e-6);
    }

    @Test
    void weights_all_one_give_exactly_the_unweighted_density_and_draws() {
        List<Object> observed = List.of(0.1, 0.35, 0.4, 0.9);
        ParzenEstimator plain = ParzenEstimator.fit(UNIT, observed);
        ParzenEstimator ones = ParzenEstimator.fit(UNIT, observed, new double[] {1, 1, 1, 1});
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            Object x = plain.sample(a);
            assertEquals(x, ones.sample(b));
            assertEquals(plain.logDensity(x), ones.logDensity(x));
        }
    }

    @Test
    void draws_come_from_the_heavy_observations() {
        List<Object> observed = List.of(0.05, 0.1, 0.9, 0.95);
        double low = meanOfDraws(ParzenEstimator.fit(UNIT, observed, new double[] {1, 1, 1e-12, 1e-12}));
        double high = meanOfDraws(ParzenEstimator.fit(UNIT, observed, new double[] {1e-12, 1e-12, 1, 1}));
        // equal weights would put the mean at 0.5 by symmetry; the prior (a third of the mass) pulls to 0.5
        assertTrue(low < 0.4, "mean of draws " + low);
        assertTrue(high > 0.6, "mean of draws " + high);
    }

    @Test
    void weighted_categorical_counts_each_observation_by_its_weight() {
        ParamSpec letters = new ParamSpec("choice", null, null, List.of("a", "b", "c"), null);
        // add-one counts: a = 1 + 1, b = 1 + 0.25 + 0.25, c = 1; total 4.5
        ParzenEstimator mass = ParzenEstimator.fit(letters, List.of("a", "b", "b"), new double[] {1, 0.25, 0.25});
        assertEquals(Math.log(2 / 4.5), mass.logDensity("a"), 1e-12);
        assertEquals(Math.log(1.5 / 4.5), mass.logDensity("b"), 1e-12);
        assertEquals(Math.log(1 / 4.5), mass.logDensity("c"), 1e-12);
    }

    private static double meanOfDraws(ParzenEstimator density) {
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        for (int i = 0; i < 4000; i++) {
            sum += (double) density.sample(random);
        }
        return sum / 4000;
    }
}
