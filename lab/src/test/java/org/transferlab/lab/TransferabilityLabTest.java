package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * The transferability stage end to end through a real standalone lab (store, HTTP on port 0, two
 * worker slots training with DL4J on the bundled MNIST subset, the dashboard on port 0): the body is
 * pretrained, its three candidate frozen depths are scored with LogME on the target's training
 * examples before any fine-tune starts, the worst is pruned, and the sweep tries only the other two;
 * {@code --follow}, {@code tlab show}, the API and the dashboard all show the same ranking.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferabilityLabTest {

    static final String SPEC = """
            name: transferability-e2e
            kind: finetune
            seed: 5
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
              epochs: 2
              batchSize: 10
              baseline: false
            transferability:
              method: logme
              prune: {keep: 2}
            search:
              algorithm: grid
              trials: 3
              maxConcurrent: 2
              space:
                learningRate: {type: choice, values: [0.01]}
                frozenLayers: {type: choice, values: [0, 1, 2]}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2).withDashboard().following("transferability.yaml", SPEC);

    @Test
    @Order(1)
    void the_stage_scores_every_depth_on_the_pretrained_body_and_the_sweep_tries_only_the_kept_ones() {
        assertEquals(ExperimentStatus.COMPLETED, lab.api().experiment(lab.experimentId()).status(), lab.followed());
        List<TrialView> trials = lab.api().trials(lab.experimentId());
        TrialView pretrain = trials.stream().filter(t -> t.stage() == TrialStage.PRETRAIN).findFirst().orElseThrow();
        TrialView stage = trials.stream().filter(t -> t.stage() == TrialStage.TRANSFERABILITY).findFirst().orElseThrow();
        assertEquals(TrialStatus.COMPLETED, stage.status(), stage.message());
        assertEquals(Map.of("body", pretrain.outputs().get("body")), stage.inputs(), "it scores the body the pretrain published");
        List<TrialView> sweep = trials.stream().filter(t -> t.stage() == TrialStage.FINETUNE).toList();
        assertTrue(sweep.stream().allMatch(t -> t.number() > stage.number() && t.startedAt().isAfter(stage.finishedAt())),
                "every fine-tune started after the scores were in");

        TransferabilityView view = lab.api().transferability(lab.experimentId());
        assertEquals("logme", view.method());
        assertEquals(stage.id(), view.trialId());
        assertEquals(TrialStatus.COMPLETED, view.status());
        assertEquals(List.of(1, 2, 3), view.candidates().stream().map(TransferabilityView.Candidate::rank).toList());
        assertEquals(Set.of(0, 1, 2), view.candidates().stream().map(TransferabilityView.Candidate::frozenLayers).collect(Collectors.toSet()));
        for (TransferabilityView.Candidate c : view.candidates()) {
            assertEquals(50, c.examples(), "10 training examples of each of the 5 target classes");
            assertTrue(Double.isFinite(c.score()), c.toString());
            assertEquals(Map.of(0, 784, 1, 32, 2, 16).get(c.frozenLayers()), c.features(), c.toString());
        }
        assertTrue(view.candidates().get(0).score() >= view.candidates().get(1).score()
                && view.candidates().get(1).score() >= view.candidates().get(2).score(), "best first: " + view);
        assertEquals(List.of(false, false, true), view.candidates().stream().map(TransferabilityView.Candidate::pruned).toList());

        assertEquals(2, sweep.size(), "the pruned depth is never tried");
        assertEquals(Set.copyOf(view.kept()), sweep.stream().map(t -> ((Number) t.params().get("frozenLayers")).intValue())
                .collect(Collectors.toSet()));
        assertTrue(sweep.stream().allMatch(t -> t.status() == TrialStatus.COMPLETED), sweep.toString());

        String event = lab.api().eventLog(lab.experimentId(), 0, 1000).stream()
                .filter(e -> e.kind() == LabEvent.Kind.STAGE_COMPLETED && stage.id().equals(e.trialId()))
                .map(LabEvent::message).findFirst().orElseThrow();
        assertTrue(event.startsWith("transferability (logme on 50 training examples): frozenLayers "
                + view.candidates().get(0).frozenLayers()) && event.endsWith("the sweep tries frozenLayers " + view.kept()), event);
    }

    @Test
    @Order(2)
    void follow_prints_the_ranking_before_the_first_fine_tune_and_show_prints_it_again() {
        List<String> lines = lab.followed().lines().toList();
        int ranking = lines.indexOf("transferability (logme on 50 training examples, higher is better):");
        assertTrue(ranking >= 0, lab.followed());
        assertTrue(lines.get(ranking + 1).matches("rank\\s+frozenLayers\\s+cut\\s+features\\s+logme\\s+sweep"), lines.get(ranking + 1));
        assertTrue(lines.get(ranking + 4).matches("3\\s+\\d\\s+\\S+\\s+\\d+\\s+-?\\d+\\.\\d{4}\\s+pruned"), lines.get(ranking + 4));
        int firstFineTune = lines.stream().filter(l -> l.matches("#\\d+\\s+finetune .*")).findFirst().map(lines::indexOf).orElseThrow();
        assertTrue(lines.stream().anyMatch(l -> l.matches("#1\\s+transferability \\[#{24}\\]\\s+-/-\\s+COMPLETED.*")),
                "it trains no epochs:\n" + lab.followed());
        assertTrue(ranking < firstFineTune, "the ranking comes before the sweep's trials:\n" + lab.followed());

        String shown = lab.tlab("show", lab.experimentId(), "--api", lab.apiUrl());
        String kept = "the sweep tries frozenLayers " + lab.api().transferability(lab.experimentId()).kept();
        assertTrue(shown.contains("transferability (logme on 50 training examples, higher is better):\n") && shown.contains(kept + "\n"),
                shown);
    }

    @Test
    @Order(3)
    void the_dashboard_shows_the_ranked_candidates_and_which_was_pruned() {
        BrowserSupport.assumeAvailable();
        TransferabilityView view = lab.api().transferability(lab.experimentId());
        try (BrowserSupport.Browser browser = BrowserSupport.start()) {
            browser.driver().get(lab.dashboardUrl() + "experiments/" + lab.experimentId());
            browser.waitUpTo(Duration.ofSeconds(60)).until(d -> browser.gridCells("transferability-grid").contains("pruned"));
            List<String> cells = browser.gridCells("transferability-grid");
            assertEquals(1, cells.stream().filter("pruned"::equals).count(), cells.toString());
            assertEquals(2, cells.stream().filter("tried"::equals).count(), cells.toString());
            assertTrue(cells.contains(String.format(java.util.Locale.ROOT, "%.4f", view.candidates().get(0).score())), cells.toString());
            assertTrue(browser.text("transferability-summary").contains("the sweep tries frozen layers " + view.kept()),
                    browser.text("transferability-summary"));
        }
    }
}
