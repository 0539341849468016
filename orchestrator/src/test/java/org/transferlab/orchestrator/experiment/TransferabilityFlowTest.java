package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The transferability stage through the real supervisor, experiment actor, store and API, with
 * probe slots for workers, and across an orchestrator restart on the same data directory: the sweep
 * waits for the scores, tries only the depths the pruning kept, and a restored experiment keeps
 * both the ranking and the pruned space.
 */
class TransferabilityFlowTest {

    static final String SPEC = """
            name: scored
            kind: finetune
            pretrain: {artifact: given-body}
            train: {epochs: 2, baseline: false}
            transferability: {prune: {keep: 1}}
            search:
              algorithm: grid
              trials: 6
              repeats: 2
              maxConcurrent: 2
              space:
                frozenLayers: {type: choice, values: [0, 1, 2]}
            """;

    static final List<CandidateScore> SCORES = List.of(new CandidateScore(0, "input", 784, 40, -0.9),
            new CandidateScore(1, "body-0", 64, 40, -0.3), new CandidateScore(2, "body-1", 32, 40, -0.5));

    @TempDir
    Path dataDir;

    @Test
    void the_sweep_waits_for_the_scores_tries_only_the_kept_depth_and_a_restart_keeps_ranking_and_pruning() throws Exception {
        String id;
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            id = slots.submit(SPEC);
            ProbeSlot a = slots.slot("a");
            ProbeSlot b = slots.slot("b");
            WorkItem scoring = a.take();
            assertEquals(StageKind.TRANSFERABILITY, scoring.stage());
            assertEquals(Map.of("body", "given-body"), scoring.inputs());
            assertEquals(new TrialConfig.Transferability("logme", List.of(0, 1, 2)), scoring.config().transferability());
            b.expectNothing();

            lab.workers().tell(new ReportCompleted(scoring.workId(), a.name, WorkResult.scored(SCORES)));
            a.ask();
            for (WorkItem w : List.of(b.take(), a.take())) {
                assertEquals(StageKind.FINETUNE, w.stage());
                assertEquals(1, w.config().frozenLayers(), "depth 1 scored best; keep: 1 drops 0 and 2");
            }
            String event = slots.events(id).stream().filter(e -> e.kind() == LabEvent.Kind.STAGE_COMPLETED)
                    .map(LabEvent::message).findFirst().orElseThrow();
            assertEquals("transferability (logme on 40 training examples): frozenLayers 1 -0.3000, frozenLayers 2 -0.5000 (pruned),"
                    + " frozenLayers 0 -0.9000 (pruned); the sweep tries frozenLayers [1]", event);
        } // the orchestrator goes down with both fine-tunes running

        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            ProbeSlot a = slots.slot("a");
            for (int i = 0; i < 2; i++) {
                WorkItem w = a.take();
                assertEquals(StageKind.FINETUNE, w.stage(), "the stage is not run again");
                assertEquals(1, w.config().frozenLayers(), "the restored sweep keeps the pruned space");
                a.complete(w, 0.6, Map.of("model", "m" + i));
            }
            a.expectNothing();
            await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
            TransferabilityView view = Json.read(lab.get("/api/experiments/" + id + "/transferability").body(), TransferabilityView.class);
            assertEquals(List.of(1, 2, 0), view.candidates().stream().map(TransferabilityView.Candidate::frozenLayers).toList());
            assertEquals(List.of(false, true, true), view.candidates().stream().map(TransferabilityView.Candidate::pruned).toList());
            assertEquals(2, slots.trials(id).stream().filter(t -> t.stage().method()).count(), "2 seeds of the one kept depth");
            assertEquals(404, lab.get("/api/experiments/nope/transferability").statusCode());
        }
    }
}
