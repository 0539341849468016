package org.transferlab.orchestrator.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SchedulerSpec.Explore;

class PopulationBasedTrainingTest {

    private static final ParamSpec LEARNING_RATE = new ParamSpec("loguniform", 1e-4, 1e-1, null, null);
    private static final ParamSpec BODY_RATE = new ParamSpec("uniform", 1e-4, 1e-2, null, null);

    private static PopulationBasedTraining pbt(double quantile, double resample, long seed) {
        return pbt(quantile, resample, seed, Explore.PERTURB);
    }

    private static PopulationBasedTraining pbt(double quantile, double resample, long seed, Explore explore) {
        Map<String, ParamSpec> mutations = new LinkedHashMap<>();
        mutations.put("learningRate", LEARNING_RATE);
        mutations.put("bodyLearningRate", BODY_RATE);
        return new PopulationBasedTraining(2, 8, quantile, resample, List.of(0.8, 1.2), mutations, explore, true, seed);
    }

    private static Map<String, Object> params(double rate, int frozen, int seed) {
        return Map.of("learningRate", rate, "bodyLearningRate", rate / 10, "frozenLayers", frozen, "seed", seed);
    }

    /** Five trials admitted with checkpoints at epoch 2; t1..t4 report 0.1..0.4 there (each ascending, so none is exploited). */
    private static PopulationBasedTraining fiveAtEpochTwo(double quantile, double resample, long seed) {
        PopulationBasedTraining p = pbt(quantile, resample, seed);
        for (int i = 1; i <= 5; i++) {
            p.admit("t" + i, params(0.001 * i, i % 3, 100 + i));
            p.onCheckpoint("t" + i, 2, "ckpt-" + i);
        }
        for (int i = 1; i <= 4; i++) {
            assertInstanceOf(TrialDecision.Continue.class, p.onResult("t" + i, 2, 0.1 * i), "t" + i + " is never the worst on arrival");
        }
        return p;
    }

    @Test
    void a_trial_in_the_bottom_quantile_at_an_interval_epoch_takes_a_top_quantile_trials_checkpoint() {
        Set<String> donors = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            PopulationBasedTraining p = fiveAtEpochTwo(0.4, 0.25, seed);
            // n = 5, quantile 0.4: bottom and top are 2 each; t5 at 0.05 is the worst
            TrialDecision d = p.onResult("t5", 2, 0.05);
            TrialDecision.Exploit x = assertInstanceOf(TrialDecision.Exploit.class, d);
            assertTrue(Set.of("t4", "t3").contains(x.donorTrialId()), "donors come from the top 2: " + x.donorTrialId());
            assertEquals(2, x.donorEpoch());
            assertEquals("ckpt-" + x.donorTrialId().substring(1), x.checkpoint());
            assertEquals(0.05, x.objective(), 1e-12);
            assertEquals(0.1 * Integer.parseInt(x.donorTrialId().substring(1)), x.donorObjective(), 1e-12);
            assertTrue(d.stop(), "the running attempt ends");
            donors.add(x.donorTrialId());
        }
        assertEquals(Set.of("t3", "t4"), donors, "either top trial can be drawn");
    }

    @Test
    void middle_and_top_trials_continue_and_the_first_to_reach_an_epoch_is_ranked_against_the_others_latest_results() {
        PopulationBasedTraining p = fiveAtEpochTwo(0.2, 0.25, 1);
        // n = 5, quantile 0.2: only the worst one is bottom; 0.25 is above t1's 0.1
        TrialDecision d = p.onResult("t5", 2, 0.25);
        assertInstanceOf(TrialDecision.Continue.class, d);
        assertTrue(d.reason().contains("not in the bottom 1 of the 5 trials' latest results"), d.reason());
        // t1 is first at epoch 4 and, at 0.05, below the others' results at 2: bottom, but no one has weights at 4 to give
        TrialDecision first = p.onResult("t1", 4, 0.05);
        assertInstanceOf(TrialDecision.Continue.class, first);
        assertTrue(first.reason().contains("in the bottom 1 of the 5 trials' latest results, but no top trial's checkpoint"),
                first.reason());

        PopulationBasedTraining alone = pbt(0.25, 0.25, 1);
        alone.admit("only", params(0.01, 0, 1));
        assertTrue(alone.onResult("only", 2, 0.5).reason().contains("the population's first result"));
    }

    /** Four trials admitted, each with 0.5 and a checkpoint at epoch 2. */
    private static PopulationBasedTraining fourAtEpochTwo() {
        PopulationBasedTraining p = pbt(0.25, 0.25, 7);
        for (String id : List.of("a", "b", "c", "d")) {
            p.admit(id, params(0.01, 0, id.charAt(0)));
            p.onCheckpoint(id, 2, id + "2");
            p.onResult(id, 2, 0.5);
        }
        return p;
    }

    @Test
    void the_second_trial_to_reach_an_epoch_is_ranked_against_the_whole_population_not_the_first_alone() {
        PopulationBasedTraining p = fourAtEpochTwo();
        p.onCheckpoint("b", 4, "b4");
        assertInstanceOf(TrialDecision.Continue.class, p.onResult("b", 4, 0.60));
        // below b's 0.60 at epoch 4 (the bottom half of those two), above a's and d's 0.5 at epoch 2: k = 1 of 4
        TrialDecision second = p.onResult("c", 4, 0.55);
        assertInstanceOf(TrialDecision.Continue.class, second);
        assertTrue(second.reason().contains("not in the bottom 1 of the 4 trials' latest results"), second.reason());
    }

    @Test
    void a_trial_ahead_counts_with_its_result_at_the_deciding_epoch_not_its_later_one() {
        PopulationBasedTraining p = fourAtEpochTwo();
        p.onCheckpoint("b", 4, "b4");
        p.onResult("b", 4, 0.60);
        p.onResult("b", 5, 0.90);
        p.onCheckpoint("b", 6, "b6");
        p.onResult("b", 6, 0.99);
        p.onCheckpoint("c", 4, "c4");
        p.onResult("c", 4, 0.63);
        p.onCheckpoint("a", 4, "a4");
        p.onResult("a", 4, 0.80);
        // at epoch 4: a 0.80, c 0.63, d 0.62, b 0.60; with b's 0.99 from epoch 6, d would be the bottom
        TrialDecision d = p.onResult("d", 4, 0.62);
        assertInstanceOf(TrialDecision.Continue.class, d);
        assertTrue(d.reason().contains("not in the bottom 1 of the 4 trials' latest results"), d.reason());
        // a fifth trial below all of them at epoch 4 takes the top one's weights from that epoch
        p.admit("e", params(0.02, 0, 5));
        TrialDecision.Exploit x = assertInstanceOf(TrialDecision.Exploit.class, p.onResult("e", 4, 0.40));
        assertEquals("a", x.donorTrialId(), "the top 1 of 5 at epoch 4");
        assertEquals("a4", x.checkpoint());
        assertEquals(0.80, x.donorObjective(), 1e-12);
    }

    @Test
    void results_between_intervals_and_at_a_trials_last_epoch_never_exploit() {
        PopulationBasedTraining p = pbt(0.5, 0.25, 1);
        p.admit("a", params(0.01, 0, 1));
        p.admit("b", params(0.02, 0, 2));
        for (int epoch = 1; epoch <= 8; epoch++) {
            p.onCheckpoint("a", epoch, "a" + epoch);
            p.onResult("a", epoch, 0.9);
        }
        assertEquals(TrialDecision.CONTINUE, p.onResult("b", 3, 0.1), "3 is not a multiple of the interval 2");
        assertInstanceOf(TrialDecision.Continue.class, p.onResult("b", 8, 0.1), "8 is the last epoch: nothing is left to train");
        assertInstanceOf(TrialDecision.Exploit.class, p.onResult("b", 6, 0.1));
    }

    @Test
    void without_a_known_checkpoint_of_a_top_trial_at_that_epoch_the_bottom_trial_continues() {
        PopulationBasedTraining p = pbt(0.5, 0.25, 1);
        p.admit("a", params(0.01, 0, 1));
        p.admit("b", params(0.02, 0, 2));
        p.onCheckpoint("a", 4, "a4"); // another epoch's checkpoint is not the weights that scored 0.9 at 2
        p.onResult("a", 2, 0.9);
        TrialDecision d = p.onResult("b", 2, 0.1);
        assertInstanceOf(TrialDecision.Continue.class, d);
        assertTrue(d.reason().contains("no top trial's checkpoint"), d.reason());
    }

    @Test
    void a_minimised_objective_exploits_the_highest_value() {
        PopulationBasedTraining p = new PopulationBasedTraining(1, 5, 0.5, 0.0, List.of(1.2),
                Map.of("learningRate", LEARNING_RATE), false, 3);
        p.admit("low", params(0.01, 0, 1));
        p.admit("high", params(0.02, 0, 2));
        p.onCheckpoint("low", 1, "low1");
        p.onResult("low", 1, 0.2);
        TrialDecision.Exploit x = assertInstanceOf(TrialDecision.Exploit.class, p.onResult("high", 1, 0.7));
        assertEquals("low", x.donorTrialId());
    }

    @Test
    void the_exploit_choice_is_the_same_for_the_same_seed_and_results_and_varies_with_the_seed() {
        List<TrialDecision> first = new ArrayList<>();
        List<TrialDecision> again = new ArrayList<>();
        List<TrialDecision> otherSeeds = new ArrayList<>();
        for (long seed = 0; seed < 10; seed++) {
            first.add(fiveAtEpochTwo(0.4, 0.5, seed).onResult("t5", 2, 0.0));
            again.add(fiveAtEpochTwo(0.4, 0.5, seed).onResult("t5", 2, 0.0));
            otherSeeds.add(fiveAtEpochTwo(0.4, 0.5, seed + 1000).onResult("t5", 2, 0.0));
        }
        assertEquals(first, again);
        assertNotEquals(first, otherSeeds);
    }

    @Test
    void explore_perturbs_by_a_factor_or_resamples_within_the_space_and_inherits_the_rest_but_the_seed() {
        int perturbed = 0;
        int resampled = 0;
        for (long seed = 0; seed < 200; seed++) {
            PopulationBasedTraining p = fiveAtEpochTwo(0.2, 0.25, seed);
            TrialDecision.Exploit x = (TrialDecision.Exploit) p.onResult("t5", 2, 0.0);
            assertEquals("t4", x.donorTrialId(), "the one top trial of five at quantile 0.2");
            Map<String, Object> donor = params(0.004, 1, 104);
            assertEquals(donor.get("frozenLayers"), x.params().get("frozenLayers"), "frozen depth comes with the weights");
            assertEquals(105, x.params().get("seed"), "the trial keeps its own sample and initialisation seed");
            for (String name : List.of("learningRate", "bodyLearningRate")) {
                ParamSpec space = name.equals("learningRate") ? LEARNING_RATE : BODY_RATE;
                double value = ((Number) x.params().get(name)).doubleValue();
                double from = ((Number) donor.get(name)).doubleValue();
                assertTrue(value >= space.min() && value <= space.max(), name + " " + value + " within the space");
                if (Math.abs(value - from * 0.8) < 1e-15 || Math.abs(value - from * 1.2) < 1e-15) {
                    perturbed++;
                } else {
                    resampled++;
                }
            }
        }
        // 400 draws at resample probability 0.25: about 100 resampled
        assertTrue(resampled > 60 && resampled < 140, "resampled " + resampled);
        assertTrue(perturbed > 260, "perturbed " + perturbed);
    }

    @Test
    void a_perturbed_value_beyond_the_space_is_held_at_its_bound() {
        PopulationBasedTraining p = new PopulationBasedTraining(1, 5, 0.5, 0.0, List.of(10.0),
                Map.of("learningRate", LEARNING_RATE), true, 3);
        p.admit("top", Map.of("learningRate", 0.05));
        p.admit("bottom", Map.of("learningRate", 0.001));
        p.onCheckpoint("top", 1, "top1");
        p.onResult("top", 1, 0.9);
        TrialDecision.Exploit x = (TrialDecision.Exploit) p.onResult("bottom", 1, 0.1);
        assertEquals(0.1, x.params().get("learningRate"), "0.05 × 10 held at max 0.1");
    }

    /**
     * The restore contract: a fresh instance fed the admitted trials, the recorded results in their
     * order (with no checkpoints, as after a restart) and then the exploits carried out, has the state
     * of the instance that ran, and proposes the same next exploit once checkpoints arrive again.
     */
    @ParameterizedTest
    @EnumSource(Explore.class)
    void replaying_recorded_results_and_exploits_rebuilds_the_uninterrupted_state(Explore explore) {
        PopulationBasedTraining live = pbt(0.25, 0.25, 11, explore);
        List<String[]> results = new ArrayList<>();
        List<Object[]> carriedOut = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            live.admit("t" + i, params(0.001 * (i + 1), 0, i));
        }
        for (int epoch = 1; epoch <= 6; epoch++) {
            for (int j = 0; j < 4; j++) {
                int i = epoch % 4 == 2 ? 3 - j : j; // at epochs 2 and 6 the worst reports last, when the best has weights to give
                String id = "t" + i;
                double value = (i + 1) * 0.1 + epoch * 0.01 * (i % 2 == 0 ? 1 : -1);
                results.add(new String[] {id, Integer.toString(epoch), Double.toString(value)});
                TrialDecision d = live.onResult(id, epoch, value);
                if (d instanceof TrialDecision.Exploit x) {
                    live.onExploited(id, epoch, x);
                    carriedOut.add(new Object[] {id, epoch, x});
                }
                live.onCheckpoint(id, epoch, id + "@" + epoch);
            }
        }
        assertFalse(carriedOut.isEmpty(), "the scenario exploits");

        PopulationBasedTraining restored = pbt(0.25, 0.25, 11, explore);
        for (int i = 0; i < 4; i++) {
            restored.admit("t" + i, params(0.001 * (i + 1), 0, i));
        }
        for (String[] r : results) {
            assertInstanceOf(TrialDecision.Continue.class, restored.onResult(r[0], Integer.parseInt(r[1]), Double.parseDouble(r[2])),
                    "a replay without checkpoints proposes nothing");
        }
        for (Object[] e : carriedOut) {
            restored.onExploited((String) e[0], (Integer) e[1], (TrialDecision.Exploit) e[2]);
        }
        assertEquals(live.state(), restored.state());

        List<TrialDecision> next = new ArrayList<>();
        for (PopulationBasedTraining p : List.of(live, restored)) {
            p.admit("t4", params(0.05, 0, 4));
            p.onCheckpoint("t2", 6, "t2@6");
            next.add(p.onResult("t4", 6, 0.0));
        }
        assertInstanceOf(TrialDecision.Exploit.class, next.get(0));
        assertEquals(next.get(0), next.get(1), "the same exploit, from the same parameters, after the restore");
    }

    /**
     * Eight trials spread over the learning rate's log range, whose objective rises each epoch by
     * more the nearer their rate is to 0.003; at epoch 6 the worst is exploited. The bandit sends it
     * near 0.003, the donor's frozen depth and the trial's own seed kept.
     */
    @Test
    void with_the_bandit_an_exploited_trial_goes_on_with_the_rate_the_observed_improvements_favour() {
        double[] rates = {2e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 1e-4};
        int hits = 0;
        for (long seed = 0; seed < 10; seed++) {
            PopulationBasedTraining p = new PopulationBasedTraining(2, 8, 0.25, 0.25, List.of(0.8, 1.2),
                    Map.of("learningRate", LEARNING_RATE), Explore.BANDIT, true, seed);
            for (int i = 0; i < rates.length; i++) {
                p.admit("t" + i, params(rates[i], 2, 100 + i));
            }
            TrialDecision last = null;
            for (int epoch = 1; epoch <= 6; epoch++) {
                for (int i = 0; i < rates.length; i++) {
                    double gain = Math.exp(-Math.pow(Math.log10(rates[i] / 3e-3), 2));
                    p.onCheckpoint("t" + i, epoch, "t" + i + "@" + epoch);
                    last = p.onResult("t" + i, epoch, 0.1 + 0.1 * epoch * gain);
                }
            }
            // the last to report at epoch 6 is t7 (1e-4), in the bottom 2 of 8 with t6 (0.1)
            TrialDecision.Exploit x = assertInstanceOf(TrialDecision.Exploit.class, last);
            assertEquals(2, x.params().get("frozenLayers"));
            assertEquals(107, x.params().get("seed"));
            double rate = (Double) x.params().get("learningRate");
            assertTrue(rate >= LEARNING_RATE.min() && rate <= LEARNING_RATE.max(), "within the space: " + rate);
            if (rate > 1e-3 && rate < 1e-2) {
                hits++;
            }
        }
        assertTrue(hits >= 8, "the bandit's choice lies within a factor of about 3 of 0.003 for " + hits + " of 10 seeds");
    }

    @Test
    void the_bandit_sees_each_finished_interval_from_its_start_and_an_exploited_one_from_the_donors_result() {
        PopulationBasedTraining p = new PopulationBasedTraining(2, 8, 0.5, 0.0, List.of(1.2),
                Map.of("learningRate", LEARNING_RATE), Explore.BANDIT, true, 5);
        p.admit("a", Map.of("learningRate", 1e-4));
        p.admit("b", Map.of("learningRate", 1e-1));
        p.onCheckpoint("a", 2, "a2");
        p.onResult("a", 2, 0.6);
        TrialDecision.Exploit x = assertInstanceOf(TrialDecision.Exploit.class, p.onResult("b", 2, 0.2));
        p.onExploited("b", 2, x);
        p.onResult("a", 4, 0.7);
        p.onResult("b", 4, 0.9);
        List<BanditExplore.Observation> seen = p.observations(List.of("learningRate"));
        // the first interval (0 to 2) has no measured start; a's 2 to 4 gained 0.1 at rate 1e-4 (unit 0),
        // b's began with a's weights (0.6) and gained 0.3 at the bandit's rate
        assertEquals(2, seen.size(), seen.toString());
        BanditExplore.Observation a = seen.stream().filter(o -> o.x()[0] == 0.0).findFirst().orElseThrow();
        assertEquals(0.1, a.improvement(), 1e-12);
        assertEquals(2.0, a.time(), 1e-12, "the interval ending at epoch 4, in intervals");
        BanditExplore.Observation b = seen.stream().filter(o -> o != a).findFirst().orElseThrow();
        assertEquals(0.3, b.improvement(), 1e-12);
        double unit = (Math.log((Double) x.params().get("learningRate")) - Math.log(1e-4)) / (Math.log(1e-1) - Math.log(1e-4));
        assertEquals(unit, b.x()[0], 1e-9);
    }
}
