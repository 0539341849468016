package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.orchestrator.store.TestStores;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;

/**
 * Attempts lost with their worker, and resume points, across real orchestrator restarts on the
 * same H2 data directory (each {@link TestLab} is a fresh actor system, store and API, as after a
 * crash): a trial that takes the lab down every time ends at {@code limits.maxRetries}; a slot
 * that leaves with its trial counts too; a checkpoint never gets ahead of the stored epochs.
 */
class LostAttemptsTest {

    static final String ONE_TRIAL = """
            name: crash-loop
            kind: synthetic
            seed: 3
            train: {epochs: 5}
            limits: {maxRetries: %d}
            search:
              algorithm: grid
              trials: 1
              space:
                x: {type: choice, values: [0.1]}
            """;

    @TempDir
    Path dataDir;

    @Test
    void a_trial_that_takes_the_whole_lab_down_every_time_fails_after_max_retries_with_the_reason() throws Exception {
        String id;
        String trialId;
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            id = slots.submit(ONE_TRIAL.formatted(2));
            trialId = slots.slot("a").take().trialId();
            // Recorded before the slot could run one step of it: a crash from here on counts.
            assertEquals(TrialStatus.RUNNING, lab.orchestrator.store().trials().find(trialId).orElseThrow().status());
        } // the lab dies with the trial, as when the kernel kills it for the trial's model
        for (int restart = 1; restart <= 2; restart++) {
            try (TestLab lab = new TestLab(dataDir, Map.of())) {
                ProbeSlots slots = new ProbeSlots(lab);
                assertEquals(trialId, slots.slot("a").take().trialId(), "restart " + restart + " retries the trial");
                assertEquals(restart, TestStores.failures(lab.orchestrator.store().database(), trialId));
            }
        }
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            ProbeSlot a = slots.slot("a");
            ExperimentView done = await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id), e -> e.status().terminal());
            a.expectNothing();
            TrialView trial = slots.trial(trialId);
            assertEquals(TrialStatus.FAILED, trial.status());
            assertEquals("worker lost 3 times while running this trial (last: the lab process restarted while it ran);"
                    + " limits.maxRetries is 2", trial.message());
            assertEquals(3, trial.attempts());
            assertEquals(ExperimentStatus.FAILED, done.status());
            assertTrue(done.message().contains("worker lost 3 times"), done.message());
        }
    }

    @Test
    void a_slot_that_leaves_with_its_trial_counts_a_lost_attempt() throws Exception {
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            String id = slots.submit(ONE_TRIAL.formatted(1));
            ProbeSlot a = slots.slot("a");
            WorkItem first = a.take();
            assertFalse(a.progress(first, 1, 0.3).stop());
            a.probe.stop(); // its worker died

            ProbeSlot b = slots.slot("b");
            WorkItem second = b.take();
            assertEquals(first.trialId(), second.trialId(), "lost once, retried once");
            b.probe.stop();

            ExperimentView done = await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id), e -> e.status().terminal());
            TrialView trial = slots.trial(first.trialId());
            assertEquals(TrialStatus.FAILED, trial.status());
            assertEquals("worker lost 2 times while running this trial (last: slot b left the cluster); limits.maxRetries is 1",
                    trial.message());
            assertEquals(ExperimentStatus.FAILED, done.status());
            assertTrue(slots.eventTypes(id).contains("trial.failed"));
        }
    }

    @Test
    void a_checkpoint_becomes_the_resume_point_only_once_the_epochs_it_covers_are_stored() throws Exception {
        String trialId;
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            slots.submit(ONE_TRIAL.formatted(3));
            ProbeSlot a = slots.slot("a");
            WorkItem work = a.take();
            trialId = work.trialId();
            var store = lab.orchestrator.store();

            a.progress(work, 1, 0.2);
            a.checkpoint(work, 1, "ckpt-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> store.trials().checkpoint(trialId).isPresent());
            assertEquals("ckpt-1", store.trials().checkpoint(trialId).orElseThrow());
            assertTrue(store.metrics().recordedSteps(trialId).get(1), "epoch 1 is stored no later than its checkpoint");

            // A worker that publishes epoch 2's checkpoint before reporting epoch 2: it must wait.
            a.checkpoint(work, 2, "ckpt-2");
            a.progress(work, 1, 0.2); // a repeated report: its answer shows the checkpoint was handled
            assertEquals("ckpt-1", store.trials().checkpoint(trialId).orElseThrow(), "epoch 2 is not stored, so ckpt-2 may not be resumed from");

            a.progress(work, 2, 0.3);
            await().atMost(Duration.ofSeconds(5)).until(() -> store.trials().checkpoint(trialId).orElseThrow().equals("ckpt-2"));
            assertTrue(store.metrics().recordedSteps(trialId).get(2));
        }
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ProbeSlots slots = new ProbeSlots(lab);
            WorkItem resumed = slots.slot("a").take();
            assertEquals("ckpt-2", resumed.resumeFrom());
            List<MetricPoint> points = lab.orchestrator.store().metrics().ofTrial(trialId);
            assertEquals(List.of(1, 1, 2, 2), points.stream().map(MetricPoint::step).toList());
        }
    }
}
