package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.TrialBook.StopReason;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** The trial state machine without an actor: numbering, attempts, stop reasons, held trials, checkpoints. */
class TrialBookTest {

    static TrialRequest sweep(double x) {
        return new TrialRequest(TrialStage.FINETUNE, Map.of("x", x), Map.of(), 1);
    }

    static TrialView recorded(int number, TrialStage stage, TrialStatus status, int attempts) {
        return new TrialView("exp-t" + number, "exp", number, stage, status, Map.of(), null, 0, Map.of(), 0.5,
                null, null, null, attempts, null, Map.of(), Map.of());
    }

    @Test
    void new_trials_are_numbered_after_every_restored_one() {
        TrialBook book = new TrialBook("exp");
        book.restore(recorded(0, TrialStage.FINETUNE, TrialStatus.COMPLETED, 1));
        Trial restored = book.restore(recorded(3, TrialStage.FINETUNE, TrialStatus.RUNNING, 2));
        Trial added = book.add(sweep(0.1));
        assertEquals(4, added.number);
        assertEquals("exp-t4", added.id);
        assertEquals(2, restored.attempts());
        assertEquals(TrialStatus.RUNNING, restored.status());
        assertEquals(List.of("exp-t0", "exp-t3", "exp-t4"), book.all().stream().map(t -> t.id).toList());
    }

    @Test
    void each_attempt_gets_its_own_work_id_and_an_old_one_no_longer_finds_the_trial() {
        TrialBook book = new TrialBook("exp");
        Trial t = book.add(sweep(0.1));
        String first = book.handOut(t);
        assertEquals(Optional.of(t), book.settle(first));
        String second = book.handOut(t);
        assertNotEquals(first, second);
        assertEquals(2, t.attempts());
        assertTrue(second.startsWith("exp-t0-a2-"), second);
        assertTrue(book.working(first).isEmpty());
        assertEquals(Optional.of(t), book.working(second));
    }

    @Test
    void an_attempt_settles_once_and_never_for_an_ended_trial() {
        TrialBook book = new TrialBook("exp");
        Trial t = book.add(sweep(0.1));
        String work = book.handOut(t);
        assertEquals(List.of(t), book.out());
        assertTrue(book.settle(work).isPresent());
        assertFalse(t.out());
        assertTrue(book.out().isEmpty());
        assertTrue(book.settle(work).isEmpty(), "a second report of the same attempt is ignored");

        String again = book.handOut(t);
        book.ended(t, TrialStatus.COMPLETED, 0.9);
        assertTrue(book.working(again).isEmpty());
        assertTrue(book.settle(again).isEmpty());
        assertFalse(book.anyActive());
    }

    @Test
    void a_pause_never_overrides_a_stop_asked_for_another_reason() {
        Trial t = new TrialBook("exp").add(sweep(0.1));
        t.recall(StopReason.REQUEST, "stopped by request");
        t.recall(StopReason.PAUSE, "experiment paused");
        assertEquals(StopReason.REQUEST, t.stop());
        assertEquals("stopped by request", t.stopMessage());

        Trial paused = new TrialBook("exp").add(sweep(0.2));
        paused.recall(StopReason.PAUSE, "experiment paused");
        assertEquals(StopReason.PAUSE, paused.stop());
        paused.recall(StopReason.LIMIT, "wall-clock budget of 1 s spent");
        assertEquals(StopReason.LIMIT, paused.stop(), "a limit overrides a pause");
        paused.clearPause();
        assertEquals(StopReason.LIMIT, paused.stop(), "only a pause is cleared");
    }

    @Test
    void a_checkpoint_becomes_the_resume_point_only_once_every_epoch_it_covers_is_reported() {
        Trial t = new TrialBook("exp").add(sweep(0.1));
        t.checkpointReported(3, "ckpt-3");
        assertTrue(t.recordStep(1));
        assertTrue(t.recordStep(3));
        assertEquals(Optional.empty(), t.coveredCheckpoint(), "epoch 2 is missing");
        assertTrue(t.recordStep(2));
        assertEquals(Optional.of("ckpt-3"), t.coveredCheckpoint());
        assertEquals(Optional.empty(), t.coveredCheckpoint(), "recorded once");
        assertFalse(t.recordStep(2), "a resumed attempt repeating an epoch does not record it twice");
        assertEquals(3, t.lastEpoch());
    }

    @Test
    void held_trials_are_released_once_in_order_and_an_ended_one_is_no_longer_held() {
        TrialBook book = new TrialBook("exp");
        Trial a = book.add(sweep(0.1));
        Trial b = book.add(sweep(0.2));
        Trial c = book.add(sweep(0.3));
        book.hold(b);
        book.hold(a);
        book.hold(c);
        book.ended(c, TrialStatus.STOPPED, null);
        assertEquals(List.of(b, a), book.releaseHeld());
        assertEquals(List.of(), book.releaseHeld());
    }

    @Test
    void a_stage_is_complete_when_none_of_its_trials_is_active_and_only_swept_trials_count_as_sweep() {
        TrialBook book = new TrialBook("exp");
        Trial pretrain = book.add(new TrialRequest(TrialStage.PRETRAIN, Map.of(), Map.of(), null));
        Trial s = book.add(sweep(0.1));
        assertFalse(book.stageComplete(TrialStage.PRETRAIN));
        book.ended(pretrain, TrialStatus.COMPLETED, null);
        assertTrue(book.stageComplete(TrialStage.PRETRAIN));
        assertEquals(List.of(s), book.swept());
        assertEquals(1, book.activeSwept());
    }
}
