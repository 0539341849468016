package org.transferlab.orchestrator.experiment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.transferlab.orchestrator.store.StoreException;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.work.WorkItem;

/**
 * Runs one experiment: a thin adapter between messages (from the supervisor, its slots and the
 * API's control requests) and {@link ExperimentRun}, which holds the flow as plain Java. The actor
 * owns what needs an actor: its timers (result flushes, the wall-clock budget), the replies, and
 * its lifecycle.
 *
 * <p>Runs on the store dispatcher. The store is the source of truth: every state change is
 * written before it is acted on, and {@link #create} with a null spec rebuilds the experiment from
 * it ({@link Restorer}). A store failure (disk full) restarts the actor from the store with a
 * backoff until the store answers again; that reload counts nothing as lost. Only the first
 * rebuild after a process restart counts the attempts that were running as lost (an attempt is
 * marked running before its slot gets it, so one that took the lab down counts towards
 * {@code limits.maxRetries} and crash loops end).
 */
public final class ExperimentActor extends AbstractBehavior<ExperimentActor.Command> {

    public sealed interface Command {}

    /**
     * A slot was given this work. {@code recorded}: the supervisor already marked the attempt running
     * in the store (before the slot got it); otherwise this actor records it.
     */
    public record WorkStarted(String workId, String slot, boolean recorded) implements Command {}

    public record Progress(ReportProgress report) implements Command {}

    public record Completed(ReportCompleted report) implements Command {}

    public record Failed(ReportFailed report) implements Command {}

    /** The slot running this work vanished; queue it again. */
    public record WorkLost(String workId, String reason) implements Command {}

    /** Queued work was taken back from the supervisor's queue before any slot started it. */
    public record WorkWithdrawn(String workId) implements Command {}

    public record Cancel(ActorRef<Boolean> replyTo) implements Command {}

    /** The running work published a resumable checkpoint. */
    public record Checkpointed(String workId, int epoch, String artifactId) implements Command {}

    /** Stop dispatching; running trials stop after their current epoch with a checkpoint. */
    public record Pause(ActorRef<ControlReply> replyTo) implements Command {}

    /** Continue a paused experiment; paused trials resume from their checkpoints. */
    public record Resume(ActorRef<ControlReply> replyTo) implements Command {}

    /** Stop one trial (queued: it never starts; running: after its current epoch). It keeps what it recorded. */
    public record StopTrial(String trialId, ActorRef<ControlReply> replyTo) implements Command {}

    private enum FlushResults implements Command {
        INSTANCE
    }

    private enum WallClockSpent implements Command {
        INSTANCE
    }

    private final String id;
    private final ActorRef<ToSupervisor> supervisor;
    private final ExperimentRun run;

    /**
     * @param spec the submitted spec, or null to restore experiment {@code id} from the store
     * @param replyTo told once the experiment is recorded (null on restore)
     */
    public static Behavior<Command> create(String id, ExperimentSpec spec, ExperimentContext deps,
            ActorRef<ToSupervisor> supervisor, ActorRef<SubmitResult> replyTo) {
        // Once the experiment is in the store every (re)start rebuilds it from there; only the first
        // restore after a process restart counts the attempts that were running as lost.
        AtomicBoolean inStore = new AtomicBoolean(spec == null);
        AtomicBoolean processRestart = new AtomicBoolean(spec == null);
        Behavior<Command> run = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            if (!inStore.get()) {
                return new ExperimentActor(context, timers, id, spec, deps, supervisor).begin(replyTo, () -> inStore.set(true));
            }
            ExperimentSpec recorded = deps.store().experiments().find(id).map(ExperimentView::spec).orElseThrow(
                    () -> new IllegalStateException("experiment " + id + " is not in the store"));
            return new ExperimentActor(context, timers, id, recorded, deps, supervisor).restore(processRestart.getAndSet(false));
        }));
        // A store that fails (disk full, database closed) restarts the actor from what the store
        // holds, with a growing pause, until the store works again: the lab recovers by itself.
        return Behaviors.supervise(run).onFailure(StoreException.class,
                SupervisorStrategy.restartWithBackoff(deps.storeRetryMinBackoff(), deps.storeRetryMaxBackoff(), 0.2));
    }

    private ExperimentActor(ActorContext<Command> context, TimerScheduler<Command> timers, String id, ExperimentSpec spec,
            ExperimentContext deps, ActorRef<ToSupervisor> supervisor) {
        super(context);
        this.id = id;
        this.supervisor = supervisor;
        this.run = new ExperimentRun(id, spec, deps, new Outside(timers));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkStarted.class, m -> next(() -> run.workStarted(m.workId(), m.slot(), m.recorded())))
                .onMessage(Progress.class, m -> next(() -> run.progress(m.report(), d -> decide(m.report(), d.stop(), d.reason()))))
                .onMessage(Completed.class, m -> next(() -> run.completed(m.report().workId(), m.report().result())))
                .onMessage(Failed.class, m -> next(() -> run.failed(m.report().workId(), m.report().error())))
                .onMessage(WorkLost.class, m -> next(() -> run.workLost(m.workId(), m.reason())))
                .onMessage(WorkWithdrawn.class, m -> next(() -> run.workWithdrawn(m.workId())))
                .onMessage(Checkpointed.class, m -> next(() -> run.checkpointed(m.workId(), m.epoch(), m.artifactId())))
                .onMessage(Pause.class, m -> next(() -> run.pause(m.replyTo()::tell)))
                .onMessage(Resume.class, m -> next(() -> run.resume(m.replyTo()::tell)))
                .onMessage(StopTrial.class, m -> next(() -> run.stopTrial(m.trialId(), m.replyTo()::tell)))
                .onMessage(Cancel.class, m -> next(() -> { run.cancel(); m.replyTo().tell(true); }))
                .onMessageEquals(FlushResults.INSTANCE, () -> next(run::flushResults))
                .onMessageEquals(WallClockSpent.INSTANCE, () -> next(run::wallClockSpent))
                .build();
    }

    private Behavior<Command> begin(ActorRef<SubmitResult> replyTo, Runnable recorded) {
        SubmitResult submitted;
        try {
            submitted = run.record();
        } catch (StoreException e) {
            // Not recorded, so it does not exist: the submitter hears nothing and gets 503 from its ask.
            getContext().getLog().warn("Experiment {} not started: {}", id, e.getMessage());
            supervisor.tell(new ToSupervisor.ExperimentEnded(id));
            return Behaviors.stopped();
        }
        recorded.run();
        if (replyTo != null) {
            replyTo.tell(submitted);
        }
        return next(run::start);
    }

    private Behavior<Command> restore(boolean processRestart) {
        return next(() -> run.restore(processRestart));
    }

    /** Lets the run handle a message; once the experiment is over, tells the supervisor and stops. */
    private Behavior<Command> next(Runnable step) {
        step.run();
        if (!run.over()) {
            return this;
        }
        supervisor.tell(new ToSupervisor.ExperimentEnded(id));
        return Behaviors.stopped();
    }

    private static void decide(ReportProgress report, boolean stop, String reason) {
        report.replyTo().tell(new Decision(report.workId(), stop, reason));
    }

    /** The run's way out: messages to the supervisor and this actor's timers. */
    private final class Outside implements ExperimentRun.Outside {
        private final TimerScheduler<Command> timers;

        Outside(TimerScheduler<Command> timers) {
            this.timers = timers;
        }

        @Override
        public void enqueue(WorkItem work) {
            supervisor.tell(new ToSupervisor.Enqueue(work, getContext().getSelf()));
        }

        @Override
        public void stopWork(List<String> workIds, String reason) {
            supervisor.tell(new ToSupervisor.StopWork(workIds, reason));
        }

        @Override
        public void forgetWork() {
            supervisor.tell(new ToSupervisor.ForgetWork(id));
        }

        @Override
        public void startWallClock(Duration after) {
            timers.startSingleTimer(WallClockSpent.INSTANCE, after);
        }

        @Override
        public void cancelWallClock() {
            timers.cancel(WallClockSpent.INSTANCE);
        }

        @Override
        public void scheduleFlush(Duration after) {
            timers.startSingleTimer(FlushResults.INSTANCE, after);
        }

        @Override
        public boolean flushScheduled() {
            return timers.isTimerActive(FlushResults.INSTANCE);
        }

        @Override
        public void cancelFlush() {
            timers.cancel(FlushResults.INSTANCE);
        }
    }
}
