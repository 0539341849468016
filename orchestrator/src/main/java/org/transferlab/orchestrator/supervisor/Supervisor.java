package org.transferlab.orchestrator.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.experiment.ExperimentActor;
import org.transferlab.orchestrator.artifact.UploadGrants;
import org.transferlab.orchestrator.experiment.ExperimentContext;
import org.transferlab.orchestrator.store.StoreException;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.CancelWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.RejectWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCheckpoint;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.work.WorkItem;

/**
 * Matches queued work with idle slots. Workers pull: an idle slot's {@link RequestWork} is parked
 * until work exists, so capacity is known where it lives and nothing is pushed to a busy slot.
 * Bookkeeping only; every store write happens in the experiment actors on the store dispatcher,
 * except one: an attempt is marked running before its slot gets it ({@link #recordHanded}).
 */
public final class Supervisor extends AbstractBehavior<ToOrchestrator> {

    /** Start a new experiment; replies once it is recorded. */
    public record SubmitExperiment(ExperimentSpec spec, ActorRef<SubmitResult> replyTo) implements ToOrchestrator {}

    /** Cancel an experiment; replies false if it is unknown or already finished. */
    public record CancelExperiment(String experimentId, ActorRef<Boolean> replyTo) implements ToOrchestrator {}

    /** The slots known to the supervisor, with what they run. */
    public record GetSlots(ActorRef<List<SlotView>> replyTo) implements ToOrchestrator {}

    /** Counters for /metrics. */
    public record GetStats(ActorRef<Stats> replyTo) implements ToOrchestrator {}

    public record Stats(int queued, int running, int slots, int idleSlots, int experiments) {}

    /** An experiment actor hands over a unit of work. */
    public record Enqueue(WorkItem work, ActorRef<ExperimentActor.Command> owner) implements ToOrchestrator {}

    /** An experiment ended: drop its queued work and cancel its running work. */
    public record ExperimentEnded(String experimentId) implements ToOrchestrator {}

    /**
     * An experiment actor was rebuilt from the store (after a store failure): its queued work is
     * dropped and its running work cancelled, since the rebuilt actor queues its trials afresh.
     */
    public record ForgetWork(String experimentId) implements ToOrchestrator {}

    /** Pause a running experiment; NOT_FOUND/CONFLICT when it is not running here. */
    public record PauseExperiment(String experimentId, ActorRef<ControlReply> replyTo) implements ToOrchestrator {}

    /** Resume a paused experiment. */
    public record ResumeExperiment(String experimentId, ActorRef<ControlReply> replyTo) implements ToOrchestrator {}

    /** Stop one trial of a running experiment. */
    public record StopTrial(String experimentId, String trialId, ActorRef<ControlReply> replyTo) implements ToOrchestrator {}

    /**
     * An experiment actor takes attempts back: each one still queued is removed and its owner hears
     * {@link ExperimentActor.WorkWithdrawn}; each one running has its slot told to stop after the
     * current epoch. All attempts an experiment takes back at once (a spent wall-clock budget, a
     * pause) travel in one message, so they are taken back in one step: a slot told to stop can
     * never ask for work, and be handed a sibling that was being withdrawn, in between.
     */
    public record StopWork(List<String> workIds, String reason) implements ToOrchestrator {
        public StopWork {
            workIds = List.copyOf(workIds);
        }
    }

    private record SlotTerminated(String slotId) implements ToOrchestrator {}

    private record Queued(WorkItem work, ActorRef<ExperimentActor.Command> owner) {}

    private record Running(WorkItem work, ActorRef<ExperimentActor.Command> owner, String slotId) {}

    private record Slot(String slotId, String node, String device, ActorRef<ToSlot> ref) {}

    private final ExperimentContext deps;
    private final UploadGrants grants;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final Map<String, RequestWork> idle = new LinkedHashMap<>();
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final Map<String, ActorRef<ExperimentActor.Command>> experiments = new HashMap<>();

    public static Behavior<ToOrchestrator> create(ExperimentContext deps) {
        return create(deps, new UploadGrants());
    }

    /** @param grants where the upload rights of assigned work are issued and withdrawn (the API checks them) */
    public static Behavior<ToOrchestrator> create(ExperimentContext deps, UploadGrants grants) {
        return Behaviors.setup(context -> new Supervisor(context, deps, grants));
    }

    private Supervisor(ActorContext<ToOrchestrator> context, ExperimentContext deps, UploadGrants grants) {
        super(context);
        this.deps = deps;
        this.grants = grants;
        context.getSystem().receptionist().tell(Receptionist.register(WorkerProtocol.ORCHESTRATOR_KEY, context.getSelf()));
        for (String id : deps.store().experiments().unfinishedIds()) {
            context.getLog().info("Restoring experiment {} from the store", id);
            spawnExperiment(id, null, null);
        }
    }

    @Override
    public Receive<ToOrchestrator> createReceive() {
        return newReceiveBuilder()
                .onMessage(SubmitExperiment.class, this::onSubmit)
                .onMessage(CancelExperiment.class, this::onCancel)
                .onMessage(GetSlots.class, this::onGetSlots)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(Enqueue.class, this::onEnqueue)
                .onMessage(ExperimentEnded.class, this::onExperimentEnded)
                .onMessage(ForgetWork.class, this::onForgetWork)
                .onMessage(PauseExperiment.class, this::onPause)
                .onMessage(ResumeExperiment.class, this::onResume)
                .onMessage(StopTrial.class, this::onStopTrial)
                .onMessage(StopWork.class, this::onStopWork)
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(ReportProgress.class, this::onProgress)
                .onMessage(ReportCompleted.class, this::onCompleted)
                .onMessage(ReportFailed.class, this::onFailed)
                .onMessage(ReportCheckpoint.class, this::onCheckpoint)
                .onMessage(RejectWork.class, this::onRejected)
                .onMessage(SlotTerminated.class, this::onSlotTerminated)
                .build();
    }

    private Behavior<ToOrchestrator> onSubmit(SubmitExperiment m) {
        String id = "exp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        spawnExperiment(id, m.spec(), m.replyTo());
        return this;
    }

    private void spawnExperiment(String id, ExperimentSpec spec, ActorRef<SubmitResult> replyTo) {
        ActorRef<ExperimentActor.Command> ref = getContext().spawn(
                ExperimentActor.create(id, spec, deps, getContext().getSelf(), replyTo),
                id,
                DispatcherSelector.fromConfig("transferlab.store-dispatcher"));
        experiments.put(id, ref);
    }

    private Behavior<ToOrchestrator> onCancel(CancelExperiment m) {
        ActorRef<ExperimentActor.Command> ref = experiments.get(m.experimentId());
        if (ref == null) {
            m.replyTo().tell(false);
        } else {
            ref.tell(new ExperimentActor.Cancel(m.replyTo()));
        }
        return this;
    }

    private Behavior<ToOrchestrator> onPause(PauseExperiment m) {
        control(m.experimentId(), m.replyTo(), ref -> ref.tell(new ExperimentActor.Pause(m.replyTo())));
        return this;
    }

    private Behavior<ToOrchestrator> onResume(ResumeExperiment m) {
        control(m.experimentId(), m.replyTo(), ref -> ref.tell(new ExperimentActor.Resume(m.replyTo())));
        return this;
    }

    private Behavior<ToOrchestrator> onStopTrial(StopTrial m) {
        control(m.experimentId(), m.replyTo(), ref -> ref.tell(new ExperimentActor.StopTrial(m.trialId(), m.replyTo())));
        return this;
    }

    private void control(String experimentId, ActorRef<ControlReply> replyTo,
            java.util.function.Consumer<ActorRef<ExperimentActor.Command>> send) {
        ActorRef<ExperimentActor.Command> ref = experiments.get(experimentId);
        if (ref == null) {
            replyTo.tell(ControlReply.conflict(experimentId, "experiment " + experimentId + " is not running (unknown or already finished)"));
        } else {
            send.accept(ref);
        }
    }

    private Behavior<ToOrchestrator> onStopWork(StopWork m) {
        for (String workId : m.workIds()) {
            stopWork(workId, m.reason());
        }
        return this;
    }

    private void stopWork(String workId, String reason) {
        Iterator<Queued> it = queue.iterator();
        while (it.hasNext()) {
            Queued q = it.next();
            if (q.work().workId().equals(workId)) {
                it.remove();
                q.owner().tell(new ExperimentActor.WorkWithdrawn(workId));
                return;
            }
        }
        Running r = running.get(workId);
        Slot slot = r == null ? null : slots.get(r.slotId());
        if (slot != null) {
            slot.ref().tell(new Decision(workId, true, reason));
        }
    }

    private Behavior<ToOrchestrator> onGetSlots(GetSlots m) {
        List<SlotView> views = new ArrayList<>();
        for (Slot s : slots.values()) {
            Optional<Running> r = running.values().stream().filter(x -> x.slotId().equals(s.slotId())).findFirst();
            views.add(new SlotView(s.slotId(), s.node(), s.device(), r.isPresent() ? "running" : "idle",
                    r.map(x -> x.work().trialId()).orElse(null)));
        }
        m.replyTo().tell(views);
        return this;
    }

    private Behavior<ToOrchestrator> onGetStats(GetStats m) {
        m.replyTo().tell(new Stats(queue.size(), running.size(), slots.size(), idle.size(), experiments.size()));
        return this;
    }

    private Behavior<ToOrchestrator> onEnqueue(Enqueue m) {
        queue.addLast(new Queued(m.work(), m.owner()));
        dispatch();
        return this;
    }

    private Behavior<ToOrchestrator> onExperimentEnded(ExperimentEnded m) {
        experiments.remove(m.experimentId());
        dropWork(m.experimentId(), "experiment ended");
        return this;
    }

    private Behavior<ToOrchestrator> onForgetWork(ForgetWork m) {
        dropWork(m.experimentId(), "experiment reloaded from the store");
        return this;
    }

    private void dropWork(String experimentId, String reason) {
        queue.removeIf(q -> q.work().experimentId().equals(experimentId));
        Iterator<Running> it = running.values().iterator();
        while (it.hasNext()) {
            Running r = it.next();
            if (r.work().experimentId().equals(experimentId)) {
                Slot slot = slots.get(r.slotId());
                if (slot != null) {
                    slot.ref().tell(new CancelWork(r.work().workId(), reason));
                }
                grants.withdraw(r.work().workId());
                it.remove();
            }
        }
    }

    private Behavior<ToOrchestrator> onRequestWork(RequestWork m) {
        if (!slots.containsKey(m.slotId())) {
            slots.put(m.slotId(), new Slot(m.slotId(), m.node(), m.device(), m.replyTo()));
            getContext().watchWith(m.replyTo(), new SlotTerminated(m.slotId()));
            getContext().getLog().info("Slot {} on {} ({}) joined", m.slotId(), m.node(), m.device());
        }
        // A slot asking for work is idle: anything we still thought it was running is lost.
        running.values().stream().filter(r -> r.slotId().equals(m.slotId())).toList()
                .forEach(r -> requeueLost(r, "slot " + m.slotId() + " asked for new work while running it"));
        idle.put(m.slotId(), m);
        dispatch();
        return this;
    }

    private void dispatch() {
        // Oldest work first; work that asks for a kind of slot (cluster branch: the `device`
        // parameter) waits for one while later work may take the idle slots it cannot use.
        Iterator<Queued> waiting = queue.iterator();
        while (waiting.hasNext() && !idle.isEmpty()) {
            Queued q = waiting.next();
            Optional<RequestWork> fitting = idle.values().stream().filter(s -> fits(q.work(), s.device())).findFirst();
            if (fitting.isEmpty()) {
                continue;
            }
            waiting.remove();
            RequestWork slot = fitting.get();
            idle.remove(slot.slotId());
            WorkItem work = q.work().withUploadGrant(grants.issue(q.work().workId(), q.work().experimentId(), q.work().trialId()));
            running.put(work.workId(), new Running(work, q.owner(), slot.slotId()));
            String where = slot.slotId() + " (" + slot.device() + ")";
            boolean recorded = recordHanded(work, where);
            slot.replyTo().tell(new AssignWork(work));
            q.owner().tell(new ExperimentActor.WorkStarted(work.workId(), where, recorded));
        }
    }

    /**
     * The one store write made here: the attempt is recorded as running before the slot is given
     * it, so a trial that takes the whole lab down (a model the kernel kills the process for) is
     * found running on restore and counts an attempt, and its crash loop ends at
     * {@code limits.maxRetries}. A store that cannot take the write (disk full) does not stop the
     * work: it starts unrecorded, as the experiment actor records it when it hears of the start.
     */
    private boolean recordHanded(WorkItem work, String where) {
        try {
            return deps.store().trials().markAttemptHanded(work.trialId(), where);
        } catch (StoreException e) {
            getContext().getLog().warn("Cannot record that {} starts on {}: {}", work.workId(), where, e.getMessage());
            return false;
        }
    }

    /**
     * Whether a slot on {@code slotDevice} ({@code cpu}, {@code cuda:0}, ...) may run this work: a
     * {@code device} parameter of {@code gpu} (or {@code cuda}) needs a GPU slot, {@code cpu} a CPU
     * slot; without one (or {@code any}) every slot fits.
     */
    static boolean fits(WorkItem work, String slotDevice) {
        if (!(work.params().get("device") instanceof String wanted) || wanted.isBlank() || wanted.equals("any")) {
            return true;
        }
        boolean gpuSlot = slotDevice.startsWith("cuda");
        boolean wantsGpu = wanted.equals("gpu") || wanted.startsWith("cuda");
        return wantsGpu == gpuSlot;
    }

    private Behavior<ToOrchestrator> onProgress(ReportProgress m) {
        Running r = running.get(m.workId());
        if (r == null) {
            m.replyTo().tell(new Decision(m.workId(), true, "this work is no longer scheduled"));
        } else {
            r.owner().tell(new ExperimentActor.Progress(m));
        }
        return this;
    }

    private Behavior<ToOrchestrator> onCompleted(ReportCompleted m) {
        Running r = running.remove(m.workId());
        grants.withdraw(m.workId());
        if (r != null) {
            r.owner().tell(new ExperimentActor.Completed(m));
        }
        return this;
    }

    private Behavior<ToOrchestrator> onFailed(ReportFailed m) {
        Running r = running.remove(m.workId());
        grants.withdraw(m.workId());
        if (r != null) {
            r.owner().tell(new ExperimentActor.Failed(m));
        }
        return this;
    }

    private Behavior<ToOrchestrator> onCheckpoint(ReportCheckpoint m) {
        Running r = running.get(m.workId());
        if (r != null) {
            r.owner().tell(new ExperimentActor.Checkpointed(m.workId(), m.epoch(), m.artifactId()));
        }
        return this;
    }

    private Behavior<ToOrchestrator> onRejected(RejectWork m) {
        Running r = running.remove(m.workId());
        grants.withdraw(m.workId());
        if (r != null) {
            getContext().getLog().warn("Slot {} did not start {}: {}", m.slotId(), m.workId(), m.reason());
            queue.addFirst(new Queued(r.work(), r.owner()));
            dispatch();
        }
        return this;
    }

    private Behavior<ToOrchestrator> onSlotTerminated(SlotTerminated m) {
        getContext().getLog().warn("Slot {} is gone", m.slotId());
        slots.remove(m.slotId());
        idle.remove(m.slotId());
        running.values().stream().filter(r -> r.slotId().equals(m.slotId())).toList()
                .forEach(r -> requeueLost(r, "slot " + m.slotId() + " left the cluster"));
        return this;
    }

    private void requeueLost(Running r, String why) {
        running.remove(r.work().workId());
        grants.withdraw(r.work().workId());
        r.owner().tell(new ExperimentActor.WorkLost(r.work().workId(), why));
    }
}
