package org.transferlab.orchestrator.supervisor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnTestLab;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.experiment.ExperimentContext;
import org.transferlab.orchestrator.experiment.ToSupervisor;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The race behind the wall-clock flake, made deterministic. When the budget is spent, the
 * experiment takes back a running trial and a queued one. A slot whose trial was told to stop asks
 * for new work as soon as it has finished; if the supervisor learned of the two take-backs one at a
 * time, that request could land in between and be handed the queued trial after the budget was
 * spent, and the experiment then waited for a trial it had already given up. Here the slot's
 * request is delivered to the real supervisor right after the first stop it processes, which is
 * the worst moment that race could pick.
 */
class WallClockRaceTest extends OnTestLab {

    static final String SPEC = """
            name: race
            kind: synthetic
            seed: 1
            train: {epochs: 3}
            limits: {wallClockSeconds: 1}
            search:
              algorithm: grid
              trials: 3
              maxConcurrent: 2
              space:
                x: {type: choice, values: [0.1, 0.2, 0.3]}
            """;

    @Test
    void a_slot_asking_for_work_right_after_the_budget_stopped_its_trial_is_not_handed_a_withdrawn_one() {
        LabStore store = lab.orchestrator.store();
        ExperimentContext deps = new ExperimentContext(store, new EventLog(store),
                CompletableFuture.completedFuture("http://127.0.0.1:1/api/artifacts"));
        TestProbe<ToSlot> a = TestProbe.create(lab.kit.system());
        TestProbe<ToSlot> b = TestProbe.create(lab.kit.system());
        RequestWork slotBAsks = new RequestWork("b", "probe-node", "cpu", b.getRef());
        ActorRef<Supervisor.Command> supervisor = lab.kit.spawn(
                Behaviors.intercept(() -> new RequestAfterFirstStop(slotBAsks), Supervisor.create(deps)), "raced-supervisor");

        supervisor.tell(new Supervisor.FromWorker(new RequestWork("a", "probe-node", "cpu", a.getRef())));
        TestProbe<SubmitResult> submitted = TestProbe.create(lab.kit.system());
        supervisor.tell(new Supervisor.SubmitExperiment(SpecCodec.parse(SPEC), submitted.getRef()));
        String id = submitted.expectMessageClass(SubmitResult.class, Duration.ofSeconds(10)).id();
        WorkItem running = a.expectMessageClass(AssignWork.class, Duration.ofSeconds(10)).work();

        Decision stop = a.expectMessageClass(Decision.class, Duration.ofSeconds(10)); // the budget of one second is spent
        assertTrue(stop.stop() && stop.reason().contains("wall-clock"), stop.toString());
        // Slot b asked right after that stop: the queued trial must already be withdrawn, not handed to b.
        b.expectNoMessage(Duration.ofMillis(500));

        supervisor.tell(new Supervisor.FromWorker(
                new ReportCompleted(running.workId(), "a", new WorkResult(Map.of("val_accuracy", 0.3), Map.of(), true))));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.experiments().find(id).orElseThrow().status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, store.experiments().find(id).orElseThrow().status(), store.experiments().find(id).orElseThrow().message());
        assertEquals(List.of(TrialStatus.STOPPED, TrialStatus.CANCELLED), store.trials().ofExperiment(id).stream().map(TrialView::status).toList());
        b.expectNoMessage(Duration.ofMillis(200));
    }

    /** Delivers a slot's request for work to the supervisor immediately after the first {@link ToSupervisor.StopWork} it handles. */
    private static final class RequestAfterFirstStop extends BehaviorInterceptor<Supervisor.Command, Supervisor.Command> {
        private final RequestWork request;
        private boolean delivered;

        RequestAfterFirstStop(RequestWork request) {
            super(Supervisor.Command.class);
            this.request = request;
        }

        @Override
        public Behavior<Supervisor.Command> aroundReceive(TypedActorContext<Supervisor.Command> ctx, Supervisor.Command msg,
                ReceiveTarget<Supervisor.Command> target) {
            Behavior<Supervisor.Command> next = target.apply(ctx, msg);
            if (msg instanceof Supervisor.FromExperiment(ToSupervisor.StopWork stop) && !delivered) {
                delivered = true;
                next = target.apply(ctx, new Supervisor.FromWorker(request));
            }
            return next;
        }
    }
}
