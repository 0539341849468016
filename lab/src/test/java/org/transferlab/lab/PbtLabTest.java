package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.Lineage;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * Population-based training end to end through a real standalone lab (store, HTTP on port 0, a
 * worker slot training with DL4J on the bundled MNIST subset, the dashboard on port 0). Seed 25's
 * random search proposes a good learning rate (≈ 0.028) for trial 1 and a hopeless one (≈ 1.6e-5)
 * for trial 2; with one slot trial 1 runs first, so when trial 2 reports epoch 2 it is the bottom of
 * the two results there and takes trial 1's checkpoint of epoch 2 through the artifact store. Its
 * epoch 3, trained from those weights, must read like trial 1's model, not like its own; the API,
 * {@code tlab show} and the dashboard show the same lineage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PbtLabTest {

    static final String SPEC = """
            name: pbt-e2e
            kind: finetune
            seed: 25
            data:
              dataset: mnist
              sourceExamplesPerClass: 60
              examplesPerClass: 10
              validationPerClass: 40
            model:
              hidden: [32, 16]
            pretrain:
              epochs: 2
            train:
              epochs: 4
              batchSize: 10
              checkpointEvery: 1
              baseline: false
            search:
              algorithm: random
              trials: 2
              maxConcurrent: 2
              space:
                learningRate: {type: loguniform, min: 0.00001, max: 0.05}
            scheduler: {type: pbt, perturbationInterval: 2, quantile: 0.5}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(1).withDashboard().following("pbt.yaml", SPEC);

    private static Map<Integer, Double> accuracy(String trialId) {
        return lab.api().trialMetrics(trialId).stream().filter(p -> p.name().equals("val_accuracy"))
                .collect(Collectors.toMap(MetricPoint::step, MetricPoint::value, (a, b) -> {
                    throw new AssertionError("a step recorded twice");
                }, TreeMap::new));
    }

    @Test
    @Order(1)
    void the_bottom_trial_continues_from_the_top_trials_checkpoint_and_its_next_epoch_reads_like_the_donor() {
        assertEquals(ExperimentStatus.COMPLETED, lab.api().experiment(lab.experimentId()).status(), lab.followed());
        List<TrialView> sweep = lab.api().trials(lab.experimentId()).stream().filter(t -> t.stage() == TrialStage.FINETUNE).toList();
        assertEquals(2, sweep.size());
        TrialView donor = sweep.get(0);
        TrialView exploited = sweep.get(1);
        assertTrue((double) donor.params().get("learningRate") > 0.02 && (double) exploited.params().get("learningRate") < 1e-4,
                "seed 25 proposes a good rate first: " + sweep.stream().map(TrialView::params).toList());

        Lineage lineage = lab.api().lineage(lab.experimentId());
        assertEquals(1, lineage.exploits().size(), lineage.toString());
        Exploit x = lineage.exploits().getFirst();
        assertEquals(exploited.id(), x.trialId());
        assertEquals(donor.id(), x.donorTrialId());
        assertEquals(2, x.epoch());
        assertEquals(2, x.donorEpoch());
        assertTrue(lab.api().artifacts(lab.experimentId()).stream()
                        .anyMatch(a -> x.checkpoint().equals(a.get("id")) && "checkpoint".equals(a.get("role"))),
                "the donor's checkpoint is an artifact of the store: " + x.checkpoint());
        double explored = ((Number) x.params().get("learningRate")).doubleValue();
        assertTrue(explored >= 0.00001 && explored <= 0.05, "explored within the space: " + explored);

        Map<Integer, Double> own = accuracy(exploited.id());
        Map<Integer, Double> from = accuracy(donor.id());
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(own.keySet()), "every epoch once: the budget is the trial's own 4 epochs");
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(from.keySet()));
        assertEquals(own.get(2), x.objective(), 1e-9);
        assertEquals(from.get(2), x.donorObjective(), 1e-9);
        assertTrue(from.get(2) - own.get(2) > 0.15, "the two rates are far apart at epoch 2: " + from + " vs " + own);
        double afterExploit = own.get(3);
        assertTrue(Math.abs(afterExploit - from.get(2)) < Math.abs(afterExploit - own.get(2)),
                "epoch 3 continues from the donor's weights: donor " + from + ", exploited " + own);
        assertTrue(afterExploit > own.get(2) + 0.1, "a jump no rate of 1.6e-5 makes in one epoch: " + own);

        List<LabEvent> events = lab.api().eventLog(lab.experimentId(), 0, 10_000);
        LabEvent event = events.stream().filter(e -> e.kind() == LabEvent.Kind.TRIAL_EXPLOITED).findFirst().orElseThrow();
        assertEquals(exploited.id(), event.trialId());
        assertEquals(2, event.epoch());
        assertEquals(explored, event.metrics().get("learningRate"), 1e-12);
        assertTrue(events.stream().anyMatch(e -> e.kind() == LabEvent.Kind.TRIAL_REQUEUED && exploited.id().equals(e.trialId())
                && e.message().contains("goes on from trial " + donor.id())), "the next attempt says whose weights it takes");
        assertTrue(sweep.stream().allMatch(t -> t.status() == TrialStatus.COMPLETED), sweep.toString());

        Lineage.Member member = lineage.trials().stream().filter(m -> m.trialId().equals(exploited.id())).findFirst().orElseThrow();
        assertEquals(List.of(donor.id()), member.ancestors());
        assertEquals(List.of(1, 3), member.schedule().stream().map(Lineage.Segment::fromEpoch).toList());
        assertEquals(explored, ((Number) member.schedule().get(1).params().get("learningRate")).doubleValue(), 1e-12);
    }

    @Test
    @Order(2)
    void follow_prints_the_exploit_and_show_prints_the_lineage() {
        assertTrue(lab.followed().contains("exploit after epoch 2"), lab.followed());
        String shown = lab.tlab("show", lab.experimentId(), "--api", lab.apiUrl());
        assertTrue(shown.contains("population-based training: 1 exploit(s)"), shown);
        assertTrue(shown.lines().anyMatch(l -> l.matches("2\\s+3\\s+trial 1 @ epoch 2\\s+learningRate=.*")), shown);
    }

    @Test
    @Order(3)
    void the_dashboard_shows_each_trials_lineage_and_learning_rates_over_time() {
        BrowserSupport.assumeAvailable();
        Exploit x = lab.api().lineage(lab.experimentId()).exploits().getFirst();
        try (BrowserSupport.Browser browser = BrowserSupport.start()) {
            browser.driver().get(lab.dashboardUrl() + "experiments/" + lab.experimentId());
            browser.waitUpTo(Duration.ofSeconds(60)).until(d -> browser.gridCells("lineage-grid").contains("trial 1 at epoch 2"));
            List<String> cells = browser.gridCells("lineage-grid");
            assertEquals(2, cells.stream().filter("own start"::equals).count(), cells.toString());
            // the explored rate, as the grid prints it (4 significant digits, or 3 in e-notation below 1e-4:
            // which trial is exploited, and so the rate's size, depends on which trial reports first)
            double explored = ((Number) x.params().get("learningRate")).doubleValue();
            assertTrue(cells.stream().anyMatch(c -> shows(c, explored)), explored + " in " + cells);
            assertTrue(browser.text("lineage-summary").startsWith("1 exploit(s)"), browser.text("lineage-summary"));
            assertTrue(browser.text("lineage-summary").contains("Explore: the donor's values, each perturbed"),
                    "the spec's explore (perturb by default): " + browser.text("lineage-summary"));
            // the learning rate over epochs: one step line per trial, the exploited one with two steps (4 points)
            browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "6".equals(browser.script(
                    "return document.getElementById('lineage-chart').dataset.points")));
            assertEquals("2", browser.script("return document.getElementById('lineage-chart').dataset.series"));
        }
    }

    /** Whether a grid cell is a number within half a unit of its last printed digit of {@code value}. */
    private static boolean shows(String cell, double value) {
        try {
            double shown = Double.parseDouble(cell);
            return Math.abs(shown - value) <= 0.005 * Math.abs(value);
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
