package org.transferlab.workers.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.transferlab.experiments.train.SyntheticTrial;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.CancelWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.RejectWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.workers.WorkItems;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.run.ArtifactStoreFactory;
import org.transferlab.workers.run.HttpArtifactStore;

class SlotTest {

    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory
            .parseString("transferlab.worker.request-retry = off")
            .withFallback(ConfigFactory.load())
            .resolve());
    private static final WorkerSettings settings = WorkerSettings.from(testKit.system().settings().config());
    private static int slots;

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static ActorRef<Slot.Command> spawnSlot(WorkerSettings withSettings) {
        String id = "slot-" + (++slots) + "@test";
        return testKit.spawn(Slot.create(new Slot.Identity(id, "test", "cpu"), withSettings,
                HttpArtifactStore.factory(withSettings)));
    }

    private static ActorRef<Slot.Command> spawnSlot() {
        return spawnSlot(settings);
    }

    private static RequestWork attach(ActorRef<Slot.Command> slot, TestProbe<ToOrchestrator> orchestrator) {
        slot.tell(new Slot.UseOrchestrator(Optional.of(orchestrator.ref())));
        return orchestrator.expectMessageClass(RequestWork.class);
    }

    /** Progress reports up to the next message of another kind, which is returned last. */
    private static List<ToOrchestrator> untilNotProgress(TestProbe<ToOrchestrator> orchestrator) {
        List<ToOrchestrator> seen = new ArrayList<>();
        ToOrchestrator message;
        do {
            message = orchestrator.receiveMessage(Duration.ofSeconds(10));
            seen.add(message);
        } while (message instanceof ReportProgress);
        return seen;
    }

    private static List<Integer> epochs(List<ToOrchestrator> messages) {
        return messages.stream().filter(ReportProgress.class::isInstance).map(m -> ((ReportProgress) m).epoch())
                .toList();
    }

    @Test
    void idle_slot_asks_the_orchestrator_for_work_naming_itself_and_its_device() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        assertTrue(request.slotId().endsWith("@test"));
        assertEquals("test", request.node());
        assertEquals("cpu", request.device());
    }

    @Test
    void reports_every_epoch_in_order_then_completes_and_asks_again() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        ActorRef<Slot.Command> slot = spawnSlot();
        RequestWork request = attach(slot, orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-order", 5, 0)));

        for (int epoch = 1; epoch <= 5; epoch++) {
            ReportProgress progress = orchestrator.expectMessageClass(ReportProgress.class);
            assertEquals("w-order", progress.workId());
            assertEquals(request.slotId(), progress.slotId());
            assertEquals(epoch, progress.epoch());
            assertEquals(SyntheticTrial.valAccuracy(0.3, -0.2, epoch), progress.metrics().get("val_accuracy"), 1e-12);
            assertEquals(request.replyTo(), progress.replyTo());
        }
        ReportCompleted completed = orchestrator.expectMessageClass(ReportCompleted.class);
        assertEquals("w-order", completed.workId());
        assertFalse(completed.result().stoppedEarly());
        assertEquals(SyntheticTrial.valAccuracy(0.3, -0.2, 5), completed.result().finalMetrics().get("val_accuracy"),
                1e-12);
        assertEquals(request.slotId(), orchestrator.expectMessageClass(RequestWork.class).slotId());
    }

    @Test
    void stop_decision_after_the_first_epoch_ends_the_work_early_and_the_slot_asks_again() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-stop", 50, 200)));
        ReportProgress first = orchestrator.expectMessageClass(ReportProgress.class);
        assertEquals(1, first.epoch());
        first.replyTo().tell(new Decision("w-stop", true, "bottom of the rung"));

        List<ToOrchestrator> rest = untilNotProgress(orchestrator);
        ReportCompleted completed = assertInstanceOf(ReportCompleted.class, rest.getLast());
        assertTrue(completed.result().stoppedEarly());
        List<Integer> later = epochs(rest);
        assertTrue(later.size() <= 2, "stopped within an epoch or so, but reported " + later);
        assertEquals(IntStream.rangeClosed(2, 1 + later.size()).boxed().toList(), later);
        orchestrator.expectMessageClass(RequestWork.class);
    }

    @Test
    void a_decision_to_go_on_changes_nothing() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-go-on", 3, 0)));
        ReportProgress first = orchestrator.expectMessageClass(ReportProgress.class);
        first.replyTo().tell(new Decision("w-go-on", false, "continue"));
        first.replyTo().tell(new Decision("some-older-work", true, "stale"));

        List<ToOrchestrator> rest = untilNotProgress(orchestrator);
        assertEquals(List.of(2, 3), epochs(rest));
        assertFalse(assertInstanceOf(ReportCompleted.class, rest.getLast()).result().stoppedEarly());
    }

    @Test
    void cancelled_work_reports_nothing_more_and_the_slot_asks_again() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-cancel", 1000, 10)));
        orchestrator.expectMessageClass(ReportProgress.class);
        request.replyTo().tell(new CancelWork("w-cancel", "experiment cancelled"));

        List<ToOrchestrator> rest = untilNotProgress(orchestrator);
        assertInstanceOf(RequestWork.class, rest.getLast(), "after a cancel the next report is a new request");
    }

    @Test
    void failing_work_is_reported_in_words_and_the_slot_stays_alive() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.finetuneWithoutBody("w-bad")));

        ReportFailed failed = orchestrator.expectMessageClass(ReportFailed.class, Duration.ofSeconds(60));
        assertEquals("w-bad", failed.workId());
        assertEquals(request.slotId(), failed.slotId());
        assertTrue(failed.error().startsWith("IllegalArgumentException: "), failed.error());
        assertTrue(failed.error().contains("body"), failed.error());
        assertFalse(failed.error().contains("\tat ") || failed.error().contains("\n"), "no stack trace: " + failed.error());

        RequestWork again = orchestrator.expectMessageClass(RequestWork.class);
        again.replyTo().tell(new AssignWork(WorkItems.synthetic("w-after", 1, 0)));
        orchestrator.expectMessageClass(ReportProgress.class);
        orchestrator.expectMessageClass(ReportCompleted.class);
    }

    @Test
    void reports_follow_the_orchestrator_when_it_moves_during_work() {
        TestProbe<ToOrchestrator> before = testKit.createTestProbe(ToOrchestrator.class);
        TestProbe<ToOrchestrator> after = testKit.createTestProbe(ToOrchestrator.class);
        ActorRef<Slot.Command> slot = spawnSlot();
        RequestWork request = attach(slot, before);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-move", 1000, 10)));
        before.expectMessageClass(ReportProgress.class);
        slot.tell(new Slot.UseOrchestrator(Optional.of(after.ref())));

        ReportProgress progress = after.expectMessageClass(ReportProgress.class);
        progress.replyTo().tell(new Decision("w-move", true, "enough"));
        List<ToOrchestrator> rest = untilNotProgress(after);
        assertTrue(assertInstanceOf(ReportCompleted.class, rest.getLast()).result().stoppedEarly());
        after.expectMessageClass(RequestWork.class);
    }

    @Test
    void reports_made_while_no_orchestrator_is_known_reach_the_next_one_in_order() {
        TestProbe<ToOrchestrator> before = testKit.createTestProbe(ToOrchestrator.class);
        TestProbe<ToOrchestrator> after = testKit.createTestProbe(ToOrchestrator.class);
        ActorRef<Slot.Command> slot = spawnSlot();
        RequestWork request = attach(slot, before);

        slot.tell(new Slot.UseOrchestrator(Optional.empty()));
        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-gap", 3, 0)));
        before.expectNoMessage(Duration.ofMillis(300));
        slot.tell(new Slot.UseOrchestrator(Optional.of(after.ref())));

        List<ToOrchestrator> rest = untilNotProgress(after);
        assertEquals(List.of(1, 2, 3), epochs(rest));
        assertInstanceOf(ReportCompleted.class, rest.getLast());
        after.expectMessageClass(RequestWork.class);
    }

    @Test
    void work_assigned_while_busy_is_handed_back_unstarted() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        RequestWork request = attach(spawnSlot(), orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-busy", 1000, 10)));
        orchestrator.expectMessageClass(ReportProgress.class);
        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-second", 1, 0)));

        List<ToOrchestrator> rest = untilNotProgress(orchestrator);
        RejectWork refused = assertInstanceOf(RejectWork.class, rest.getLast());
        assertEquals("w-second", refused.workId());
        assertTrue(refused.reason().contains("busy with work w-busy"), refused.reason());
        request.replyTo().tell(new CancelWork("w-busy", "test over"));
    }

    @Test
    void an_idle_slot_repeats_its_request_until_it_gets_work_and_not_while_running() {
        WorkerSettings eager = new WorkerSettings(1, "cpu", "test", settings.cacheDir(), settings.datasetRoot(),
                Duration.ofMillis(100), "", Duration.ofSeconds(1));
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        ActorRef<Slot.Command> slot = spawnSlot(eager);

        RequestWork first = attach(slot, orchestrator);
        assertEquals(first, orchestrator.expectMessageClass(RequestWork.class));
        first.replyTo().tell(new AssignWork(WorkItems.synthetic("w-retry", 3, 200)));

        List<ToOrchestrator> seen = new ArrayList<>();
        do {
            seen.add(orchestrator.receiveMessage(Duration.ofSeconds(10)));
        } while (!(seen.getLast() instanceof ReportCompleted));
        List<ToOrchestrator> whileRunning = seen.subList(seen.indexOf(seen.stream()
                .filter(ReportProgress.class::isInstance).findFirst().orElseThrow()), seen.size());
        assertTrue(whileRunning.stream().noneMatch(RequestWork.class::isInstance), "requests while running: " + seen);
        assertEquals(List.of(1, 2, 3), epochs(seen));
    }

    @Test
    void work_runs_on_the_training_dispatcher() {
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ArtifactStoreFactory recording = work -> {
            threads.add(Thread.currentThread().getName());
            return WorkItems.noArtifacts().storeFor(work);
        };
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        ActorRef<Slot.Command> slot = testKit.spawn(
                Slot.create(new Slot.Identity("slot-threads@test", "test", "cpu"), settings, recording));
        RequestWork request = attach(slot, orchestrator);

        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-thread", 1, 0)));
        orchestrator.expectMessageClass(ReportProgress.class);
        orchestrator.expectMessageClass(ReportCompleted.class);
        assertEquals(1, threads.size());
        assertTrue(threads.getFirst().contains("training-dispatcher"), threads.getFirst());
    }

    @Test
    void failure_description_names_class_and_message_and_unwraps_futures() {
        var cause = new java.io.IOException("artifact 'body-1' from http://x: HTTP 404");
        String text = Slot.describe(new java.util.concurrent.CompletionException(cause));
        assertEquals("IOException: artifact 'body-1' from http://x: HTTP 404", text);
        String chained = Slot.describe(new IllegalStateException("cannot load body", new java.io.EOFException("truncated")));
        assertEquals("IllegalStateException: cannot load body; caused by EOFException: truncated", chained);
    }
}
