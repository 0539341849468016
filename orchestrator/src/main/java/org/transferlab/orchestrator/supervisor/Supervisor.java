package org.transferlab.orchestrator.supervisor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.transferlab.orchestrator.artifact.UploadGrants;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.experiment.ExperimentActor;
import org.transferlab.orchestrator.experiment.ExperimentContext;
import org.transferlab.orchestrator.experiment.ToSupervisor;
import org.transferlab.orchestrator.store.StoreException;
import org.transferlab.orchestrator.supervisor.WorkQueue.Running;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.CancelWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.RejectWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCheckpoint;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.work.WorkItem;

/**
 * Matches queued work with idle slots (the {@link WorkQueue}), spawns one experiment actor per
 * experiment and routes worker reports to them. Workers reach it through a message adapter
 * registered with the receptionist ({@link WorkerProtocol#ORCHESTRATOR_KEY}); experiments through
 * another that adapts their {@link ToSupervisor} requests. Bookkeeping only; every store write
 * happens in the experiment actors on the store dispatcher, except one: an attempt is marked
 * running before its slot gets it ({@link #recordHanded}).
 */
public final class Supervisor extends AbstractBehavior<Supervisor.Command> {

    public sealed interface Command {}

    /** Start a new experiment; replies once it is recorded. */
    public record SubmitExperiment(ExperimentSpec spec, ActorRef<SubmitResult> replyTo) implements Command {}

    /** Cancel an experiment; replies false if it is unknown or already finished. */
    public record CancelExperiment(String experimentId, ActorRef<Boolean> replyTo) implements Command {}

    /** The slots known to the supervisor, with what they run. */
    public record GetSlots(ActorRef<List<SlotView>> replyTo) implements Command {}

    /** Counters for /metrics. */
    public record GetStats(ActorRef<Stats> replyTo) implements Command {}

    public record Stats(int queued, int running, int slots, int idleSlots, int experiments) {}

    /** Pause a running experiment; NOT_FOUND/CONFLICT when it is not running here. */
    public record PauseExperiment(String experimentId, ActorRef<ControlReply> replyTo) implements Command {}

    /** Resume a paused experiment. */
    public record ResumeExperiment(String experimentId, ActorRef<ControlReply> replyTo) implements Command {}

    /** Stop one trial of a running experiment. */
    public record StopTrial(String experimentId, String trialId, ActorRef<ControlReply> replyTo) implements Command {}

    // The two adapted protocols. Package-private (not private) only so that WallClockRaceTest can
    // deliver a slot's message at the exact moment after an experiment's request it watches for.

    /** A worker slot's message, through the adapter workers find with the receptionist. */
    record FromWorker(ToOrchestrator message) implements Command {}

    /** An experiment's request, through the adapter its actor was given. */
    record FromExperiment(ToSupervisor request) implements Command {}

    private record SlotTerminated(String slotId) implements Command {}

    private final ExperimentContext deps;
    private final UploadGrants grants;
    private final ActorRef<ToSupervisor> experimentRequests;
    private final WorkQueue<ActorRef<ExperimentActor.Command>, ActorRef<ToSlot>> work = new WorkQueue<>();
    private final Map<String, ActorRef<ExperimentActor.Command>> experiments = new HashMap<>();

    public static Behavior<Command> create(ExperimentContext deps) {
        return create(deps, new UploadGrants());
    }

    /** @param grants where the upload rights of assigned work are issued and withdrawn (the API checks them) */
    public static Behavior<Command> create(ExperimentContext deps, UploadGrants grants) {
        return Behaviors.setup(context -> new Supervisor(context, deps, grants));
    }

    private Supervisor(ActorContext<Command> context, ExperimentContext deps, UploadGrants grants) {
        super(context);
        this.deps = deps;
        this.grants = grants;
        this.experimentRequests = context.messageAdapter(ToSupervisor.class, FromExperiment::new);
        ActorRef<ToOrchestrator> workers = context.messageAdapter(ToOrchestrator.class, FromWorker::new);
        context.getSystem().receptionist().tell(Receptionist.register(WorkerProtocol.ORCHESTRATOR_KEY, workers));
        for (String id : deps.store().experiments().unfinishedIds()) {
            context.getLog().info("Restoring experiment {} from the store", id);
            spawnExperiment(id, null, null);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SubmitExperiment.class, this::onSubmit)
                .onMessage(CancelExperiment.class, this::onCancel)
                .onMessage(PauseExperiment.class, this::onPause)
                .onMessage(ResumeExperiment.class, this::onResume)
                .onMessage(StopTrial.class, this::onStopTrial)
                .onMessage(GetSlots.class, this::onGetSlots)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(FromExperiment.class, this::onExperimentRequest)
                .onMessage(FromWorker.class, this::onWorkerMessage)
                .onMessage(SlotTerminated.class, this::onSlotTerminated)
                .build();
    }

    private Behavior<Command> onExperimentRequest(FromExperiment m) {
        switch (m.request()) {
            case ToSupervisor.Enqueue e -> onEnqueue(e);
            case ToSupervisor.StopWork s -> s.workIds().forEach(workId -> stopWork(workId, s.reason()));
            case ToSupervisor.ForgetWork f -> dropWork(f.experimentId(), "experiment reloaded from the store");
            case ToSupervisor.ExperimentEnded e -> onExperimentEnded(e.experimentId());
        }
        return this;
    }

    private Behavior<Command> onWorkerMessage(FromWorker m) {
        switch (m.message()) {
            case RequestWork r -> onRequestWork(r);
            case ReportProgress p -> onProgress(p);
            case ReportCompleted c -> settle(c.workId()).ifPresent(r -> r.owner().tell(new ExperimentActor.Completed(c)));
            case ReportFailed f -> settle(f.workId()).ifPresent(r -> r.owner().tell(new ExperimentActor.Failed(f)));
            case ReportCheckpoint c -> work.running(c.workId())
                    .ifPresent(r -> r.owner().tell(new ExperimentActor.Checkpointed(c.workId(), c.epoch(), c.artifactId())));
            case RejectWork r -> onRejected(r);
        }
        return this;
    }

    // ---- experiments ------------------------------------------------------------------------

    private Behavior<Command> onSubmit(SubmitExperiment m) {
        String id = "exp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        spawnExperiment(id, m.spec(), m.replyTo());
        return this;
    }

    private void spawnExperiment(String id, ExperimentSpec spec, ActorRef<SubmitResult> replyTo) {
        ActorRef<ExperimentActor.Command> ref = getContext().spawn(
                ExperimentActor.create(id, spec, deps, experimentRequests, replyTo),
                id,
                DispatcherSelector.fromConfig("transferlab.store-dispatcher"));
        experiments.put(id, ref);
    }

    private Behavior<Command> onCancel(CancelExperiment m) {
        return control(m.experimentId(), new ExperimentActor.Cancel(m.replyTo()), () -> m.replyTo().tell(false));
    }

    private Behavior<Command> onPause(PauseExperiment m) {
        return control(m.experimentId(), new ExperimentActor.Pause(m.replyTo()), () -> notRunning(m.experimentId(), m.replyTo()));
    }

    private Behavior<Command> onResume(ResumeExperiment m) {
        return control(m.experimentId(), new ExperimentActor.Resume(m.replyTo()), () -> notRunning(m.experimentId(), m.replyTo()));
    }

    private Behavior<Command> onStopTrial(StopTrial m) {
        return control(m.experimentId(), new ExperimentActor.StopTrial(m.trialId(), m.replyTo()), () -> notRunning(m.experimentId(), m.replyTo()));
    }

    /** Forwards a control request to a running experiment, or answers for one that is not running here. */
    private Behavior<Command> control(String experimentId, ExperimentActor.Command request, Runnable notRunning) {
        ActorRef<ExperimentActor.Command> ref = experiments.get(experimentId);
        if (ref == null) {
            notRunning.run();
        } else {
            ref.tell(request);
        }
        return this;
    }

    private static void notRunning(String experimentId, ActorRef<ControlReply> replyTo) {
        replyTo.tell(ControlReply.conflict(experimentId, "experiment " + experimentId + " is not running (unknown or already finished)"));
    }

    private void onEnqueue(ToSupervisor.Enqueue m) {
        work.enqueue(m.work(), m.owner());
        dispatch();
    }

    private void onExperimentEnded(String experimentId) {
        experiments.remove(experimentId);
        dropWork(experimentId, "experiment ended");
    }

    /** Queued: withdrawn, and its experiment hears so. Running: its slot stops it after the current epoch. */
    private void stopWork(String workId, String reason) {
        work.withdraw(workId).ifPresentOrElse(
                q -> q.owner().tell(new ExperimentActor.WorkWithdrawn(workId)),
                () -> work.running(workId).flatMap(r -> work.slot(r.slot().id()))
                        .ifPresent(slot -> slot.handle().tell(new Decision(workId, true, reason))));
    }

    private void dropWork(String experimentId, String reason) {
        for (var r : work.drop(experimentId)) {
            work.slot(r.slot().id()).ifPresent(slot -> slot.handle().tell(new CancelWork(r.work().workId(), reason)));
            grants.withdraw(r.work().workId());
        }
    }

    // ---- slots ------------------------------------------------------------------------------

    private Behavior<Command> onGetSlots(GetSlots m) {
        m.replyTo().tell(work.slots().stream().map(s -> {
            var r = work.runningOn(s.id());
            return new SlotView(s.id(), s.node(), s.device(), r.isPresent() ? "running" : "idle", r.map(x -> x.work().trialId()).orElse(null));
        }).toList());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats m) {
        m.replyTo().tell(new Stats(work.queued(), work.runningCount(), work.slotCount(), work.idleCount(), experiments.size()));
        return this;
    }

    private void onRequestWork(RequestWork m) {
        WorkQueue.Slot<ActorRef<ToSlot>> asking = new WorkQueue.Slot<>(m.slotId(), m.node(), m.device(), m.replyTo());
        if (work.join(asking)) {
            getContext().watchWith(m.replyTo(), new SlotTerminated(m.slotId()));
            getContext().getLog().info("Slot {} on {} ({}) joined", m.slotId(), m.node(), m.device());
        }
        // A slot asking for work is idle: anything we still thought it was running is lost.
        work.idle(asking).forEach(r -> lost(r, "slot " + m.slotId() + " asked for new work while running it"));
        dispatch();
    }

    private void dispatch() {
        for (var r : work.assign()) {
            WorkItem granted = r.work().withUploadGrant(grants.issue(r.work().workId(), r.work().experimentId(), r.work().trialId()));
            String where = r.slot().id() + " (" + r.slot().device() + ")";
            boolean recorded = recordHanded(granted, where);
            r.slot().handle().tell(new AssignWork(granted));
            r.owner().tell(new ExperimentActor.WorkStarted(granted.workId(), where, recorded));
        }
    }

    /**
     * The one store write made here: the attempt is recorded as running before the slot is given
     * it, so a trial that takes the whole lab down (a model the kernel kills the process for) is
     * found running on restore and counts an attempt, and its crash loop ends at
     * {@code limits.maxRetries}. A store that cannot take the write (disk full) does not stop the
     * work: it starts unrecorded, as the experiment actor records it when it hears of the start.
     */
    private boolean recordHanded(WorkItem handed, String where) {
        try {
            return deps.store().trials().markAttemptHanded(handed.trialId(), where);
        } catch (StoreException e) {
            getContext().getLog().warn("Cannot record that {} starts on {}: {}", handed.workId(), where, e.getMessage());
            return false;
        }
    }

    private void onProgress(ReportProgress m) {
        work.running(m.workId()).ifPresentOrElse(
                r -> r.owner().tell(new ExperimentActor.Progress(m)),
                () -> m.replyTo().tell(new Decision(m.workId(), true, "this work is no longer scheduled")));
    }

    /** The work ended on its slot: it no longer runs there and its upload rights end. */
    private Optional<Running<ActorRef<ExperimentActor.Command>, ActorRef<ToSlot>>> settle(String workId) {
        var r = work.finish(workId);
        grants.withdraw(workId);
        return r;
    }

    private void onRejected(RejectWork m) {
        settle(m.workId()).ifPresent(r -> {
            getContext().getLog().warn("Slot {} did not start {}: {}", m.slotId(), m.workId(), m.reason());
            work.requeueFirst(r);
            dispatch();
        });
    }

    private Behavior<Command> onSlotTerminated(SlotTerminated m) {
        getContext().getLog().warn("Slot {} is gone", m.slotId());
        work.leave(m.slotId()).forEach(r -> lost(r, "slot " + m.slotId() + " left the cluster"));
        return this;
    }

    private void lost(Running<ActorRef<ExperimentActor.Command>, ActorRef<ToSlot>> r, String why) {
        grants.withdraw(r.work().workId());
        r.owner().tell(new ExperimentActor.WorkLost(r.work().workId(), why));
    }
}
