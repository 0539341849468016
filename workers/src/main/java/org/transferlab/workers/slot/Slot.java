package org.transferlab.workers.slot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.transferlab.experiments.TrialRunner;
import org.transferlab.experiments.train.ProgressListener;
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
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.run.ArtifactStoreFactory;

/**
 * A slot runs one unit of work at a time and pulls the next when it is free. Its lifecycle:
 *
 * <ul>
 *   <li><b>idle</b>: asks the known orchestrator for work ({@link RequestWork}, once per
 *       orchestrator, or repeated every {@code request-retry} when that is on); with no orchestrator
 *       known it waits.
 *   <li><b>running</b>: the work runs on the training dispatcher; every finished epoch becomes a
 *       {@link ReportProgress}, in epoch order; a {@link Decision} to stop ends it after the current
 *       epoch, and it ends with {@link ReportCompleted} or {@link ReportFailed}.
 *   <li><b>draining</b>: the work was cancelled; the slot waits for the training thread to let go,
 *       reports nothing more for it, then goes idle.
 * </ul>
 *
 * Reports go to whichever orchestrator is current when they are sent; while there is none they
 * are kept and sent, in order, to the next one. The slot never blocks its own thread: training
 * hands epochs to it with a tell and completion comes back through {@code pipeToSelf}.
 */
public final class Slot {

    public sealed interface Command {}

    /** The orchestrator to pull from and report to; empty while the cluster has none. */
    public record UseOrchestrator(Optional<ActorRef<ToOrchestrator>> orchestrator) implements Command {}

    /** Who a slot is, as the orchestrator sees it. */
    public record Identity(String slotId, String node, String device) {}

    private record Delivered(ToSlot message) implements Command {}

    private record EpochFinished(String workId, int epoch, Map<String, Double> metrics, long time)
            implements Command {}

    private record WorkFinished(String workId, WorkResult result, Throwable failure) implements Command {}

    private record CheckpointPublished(String workId, int epoch, String artifactId) implements Command {}

    private enum RepeatRequest implements Command {
        INSTANCE
    }

    /** The unit of work a slot is busy with and the flag its trial polls between epochs. */
    private record Run(WorkItem work, AtomicBoolean stopRequested) {

        String workId() {
            return work.workId();
        }
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Identity identity;
    private final ActorRef<ToSlot> self;
    private final Duration requestRetry;
    private final TrialRunner runner;
    private final ArtifactStoreFactory stores;
    private final Executor trainingExecutor;
    /** Reports made while no orchestrator was known, oldest first. */
    private final Queue<ToOrchestrator> unsent = new ArrayDeque<>();

    public static Behavior<Command> create(Identity identity, WorkerSettings settings, ArtifactStoreFactory stores) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new Slot(context, timers, identity, settings, stores).idle(Optional.empty())));
    }

    private Slot(ActorContext<Command> context, TimerScheduler<Command> timers, Identity identity,
            WorkerSettings settings, ArtifactStoreFactory stores) {
        this.context = context;
        this.timers = timers;
        this.identity = identity;
        this.self = context.messageAdapter(ToSlot.class, Delivered::new);
        this.requestRetry = settings.requestRetry();
        this.runner = new TrialRunner(settings.datasetRoot());
        this.stores = stores;
        this.trainingExecutor = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig(WorkerSettings.TRAINING_DISPATCHER));
    }

    // idle

    private Behavior<Command> idle(Optional<ActorRef<ToOrchestrator>> orchestrator) {
        orchestrator.ifPresentOrElse(this::requestWork, () -> timers.cancel(RepeatRequest.INSTANCE));
        return Behaviors.receive(Command.class)
                .onMessage(UseOrchestrator.class, m -> onOrchestratorWhileIdle(orchestrator, m))
                .onMessageEquals(RepeatRequest.INSTANCE, () -> onRepeatRequest(orchestrator))
                .onMessage(Delivered.class, m -> onDeliveredWhileIdle(orchestrator, m.message()))
                .build();
    }

    private Behavior<Command> onOrchestratorWhileIdle(
            Optional<ActorRef<ToOrchestrator>> current, UseOrchestrator message) {
        if (message.orchestrator().equals(current)) {
            return Behaviors.same();
        }
        flushUnsent(message.orchestrator());
        return idle(message.orchestrator());
    }

    private Behavior<Command> onRepeatRequest(Optional<ActorRef<ToOrchestrator>> orchestrator) {
        orchestrator.ifPresent(o -> o.tell(requestWorkMessage()));
        return Behaviors.same();
    }

    private Behavior<Command> onDeliveredWhileIdle(Optional<ActorRef<ToOrchestrator>> orchestrator, ToSlot message) {
        if (message instanceof AssignWork assign) {
            return startWork(orchestrator, assign.work());
        }
        // Decisions and cancellations for work that already ended need nothing more.
        return Behaviors.same();
    }

    private void requestWork(ActorRef<ToOrchestrator> orchestrator) {
        orchestrator.tell(requestWorkMessage());
        if (!requestRetry.isZero()) {
            timers.startTimerWithFixedDelay(RepeatRequest.INSTANCE, requestRetry);
        }
    }

    private RequestWork requestWorkMessage() {
        return new RequestWork(identity.slotId(), identity.node(), identity.device(), self);
    }

    private Behavior<Command> startWork(Optional<ActorRef<ToOrchestrator>> orchestrator, WorkItem work) {
        timers.cancel(RepeatRequest.INSTANCE);
        context.getLog().info("{} starts {} work {} of trial {}", identity.slotId(), work.stage(), work.workId(),
                work.trialId());
        Run run = new Run(work, new AtomicBoolean());
        ProgressListener listener = new EpochForwarder(context.getSelf(), run);
        CompletableFuture<WorkResult> result =
                CompletableFuture.supplyAsync(() -> train(work, listener), trainingExecutor);
        context.pipeToSelf(result, (value, failure) -> new WorkFinished(work.workId(), value, failure));
        return running(orchestrator, run);
    }

    /** Runs on a training-dispatcher thread, never on the actor's. */
    private WorkResult train(WorkItem work, ProgressListener listener) {
        try {
            DeviceBinding.bindCurrentThread(identity.device());
            WorkResult result = runner.run(work, stores.storeFor(work), listener);
            if (result == null) {
                throw new IllegalStateException("the " + work.stage() + " stage returned no result");
            }
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    // running

    private Behavior<Command> running(Optional<ActorRef<ToOrchestrator>> orchestrator, Run run) {
        return Behaviors.receive(Command.class)
                .onMessage(UseOrchestrator.class, m -> onOrchestrator(orchestrator, m, next -> running(next, run)))
                .onMessage(EpochFinished.class, m -> onEpochFinished(orchestrator, run, m))
                .onMessage(CheckpointPublished.class, m -> onCheckpoint(orchestrator, run, m))
                .onMessage(Delivered.class, m -> onDeliveredWhileRunning(orchestrator, run, m.message()))
                .onMessage(WorkFinished.class, m -> onWorkFinished(orchestrator, run, m))
                .onSignal(PostStop.class, signal -> abandonOnStop(run))
                .build();
    }

    /**
     * The slot stops with its actor system (a downed worker restarts its system): the training
     * thread would otherwise go on burning a core for work the cluster has already moved elsewhere.
     */
    private Behavior<Command> abandonOnStop(Run run) {
        run.stopRequested().set(true);
        return Behaviors.same();
    }

    /**
     * A new (or lost) orchestrator while a trial runs or drains: sends it what the old one may have
     * missed and carries on in the same state ({@code same}) with the new reference.
     */
    private Behavior<Command> onOrchestrator(Optional<ActorRef<ToOrchestrator>> current, UseOrchestrator message,
            Function<Optional<ActorRef<ToOrchestrator>>, Behavior<Command>> same) {
        if (message.orchestrator().equals(current)) {
            return Behaviors.same();
        }
        flushUnsent(message.orchestrator());
        return same.apply(message.orchestrator());
    }

    private Behavior<Command> onEpochFinished(
            Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, EpochFinished epoch) {
        if (epoch.workId().equals(run.workId())) {
            report(orchestrator, new ReportProgress(run.workId(), identity.slotId(), epoch.epoch(), epoch.metrics(),
                    epoch.time(), self));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onCheckpoint(
            Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, CheckpointPublished checkpoint) {
        if (checkpoint.workId().equals(run.workId())) {
            report(orchestrator, new ReportCheckpoint(run.workId(), identity.slotId(), checkpoint.epoch(), checkpoint.artifactId()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onDeliveredWhileRunning(
            Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, ToSlot message) {
        switch (message) {
            case Decision d when d.workId().equals(run.workId()) && d.stop() -> {
                context.getLog().info("{} stops work {} after this epoch: {}", identity.slotId(), run.workId(),
                        d.reason());
                run.stopRequested().set(true);
            }
            case CancelWork c when c.workId().equals(run.workId()) -> {
                context.getLog().info("{} abandons work {}: {}", identity.slotId(), run.workId(), c.reason());
                run.stopRequested().set(true);
                return draining(orchestrator, run);
            }
            case AssignWork a when !a.work().workId().equals(run.workId()) -> refuse(orchestrator, run, a.work());
            default -> {
                // a decision to go on, or one about earlier work: nothing to do
            }
        }
        return Behaviors.same();
    }

    private Behavior<Command> onWorkFinished(Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, WorkFinished f) {
        if (f.failure() == null) {
            context.getLog().info("{} completed work {}{}", identity.slotId(), run.workId(),
                    f.result().stoppedEarly() ? " (stopped early)" : "");
            report(orchestrator, new ReportCompleted(run.workId(), identity.slotId(), f.result()));
        } else {
            String error = describe(f.failure());
            context.getLog().warn("{} failed work {}: {}", identity.slotId(), run.workId(), error);
            report(orchestrator, new ReportFailed(run.workId(), identity.slotId(), error));
        }
        return idle(orchestrator);
    }

    /** Work pushed while busy (a duplicate assignment) goes back unstarted so it is queued again. */
    private void refuse(Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, WorkItem work) {
        context.getLog().warn("{} is busy with {} and refuses work {}", identity.slotId(), run.workId(),
                work.workId());
        report(orchestrator, new RejectWork(work.workId(), identity.slotId(),
                "slot " + identity.slotId() + " was busy with work " + run.workId() + " and did not start it"));
    }

    // draining

    private Behavior<Command> draining(Optional<ActorRef<ToOrchestrator>> orchestrator, Run run) {
        return Behaviors.receive(Command.class)
                .onMessage(UseOrchestrator.class, m -> onOrchestrator(orchestrator, m, next -> draining(next, run)))
                .onMessage(Delivered.class, m -> onDeliveredWhileDraining(orchestrator, run, m.message()))
                .onMessage(EpochFinished.class, m -> Behaviors.same())
                .onMessage(CheckpointPublished.class, m -> Behaviors.same())
                .onMessage(WorkFinished.class, m -> idle(orchestrator))
                .onSignal(PostStop.class, signal -> abandonOnStop(run))
                .build();
    }

    private Behavior<Command> onDeliveredWhileDraining(
            Optional<ActorRef<ToOrchestrator>> orchestrator, Run run, ToSlot message) {
        if (message instanceof AssignWork a && !a.work().workId().equals(run.workId())) {
            refuse(orchestrator, run, a.work());
        }
        return Behaviors.same();
    }

    // reporting

    private void report(Optional<ActorRef<ToOrchestrator>> orchestrator, ToOrchestrator message) {
        orchestrator.ifPresentOrElse(o -> o.tell(message), () -> unsent.add(message));
    }

    private void flushUnsent(Optional<ActorRef<ToOrchestrator>> orchestrator) {
        orchestrator.ifPresent(o -> {
            while (!unsent.isEmpty()) {
                o.tell(unsent.remove());
            }
        });
    }

    /** The cause in words: exception class and message, outermost wrappers removed, no stack trace. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        StringBuilder text = new StringBuilder(line(t));
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && cause != t && depth < 3; depth++, t = cause, cause = cause.getCause()) {
            if (t.getMessage() != null && cause.getMessage() != null && t.getMessage().contains(cause.getMessage())) {
                continue;
            }
            text.append("; caused by ").append(line(cause));
        }
        return text.toString();
    }

    private static String line(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }

    /**
     * The trial's side of the slot: called on the training thread, so it only tells the actor and
     * reads a flag.
     */
    private record EpochForwarder(ActorRef<Command> slot, Run run) implements ProgressListener {

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            slot.tell(new EpochFinished(run.workId(), epoch, Map.copyOf(metrics), System.currentTimeMillis()));
        }

        @Override
        public void onCheckpoint(int epoch, String artifactId) {
            slot.tell(new CheckpointPublished(run.workId(), epoch, artifactId));
        }

        @Override
        public boolean stopRequested() {
            return run.stopRequested().get();
        }
    }
}
