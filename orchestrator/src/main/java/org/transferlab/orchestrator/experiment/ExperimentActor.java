package org.transferlab.orchestrator.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.experiment.plan.Plan;
import org.transferlab.orchestrator.experiment.plan.Roles;
import org.transferlab.orchestrator.experiment.plan.Stage;
import org.transferlab.orchestrator.experiment.plan.TrialRecord;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.orchestrator.experiment.plan.WorkParams;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.schedule.TrialScheduler;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.StepMetrics;
import org.transferlab.orchestrator.store.StoreException;
import org.transferlab.orchestrator.store.TrialStore;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Runs one experiment: a thin adapter between worker messages and its {@link Plan} (stages and
 * artifact hand-off), {@link SearchStrategy} and {@link TrialScheduler}s (one for the sweep, one for
 * its baselines, so both get the same early-stopping rule). It owns the experiment's control:
 * pause (queued work is withdrawn, running trials stop after their epoch and continue from their
 * checkpoint on resume), stopping one trial, the concurrency limit, the wall-clock budget (paused
 * time does not count) and retries of failed trials from their last checkpoint.
 *
 * <p>Runs on the store dispatcher. The store is the source of truth: every state change is
 * written before it is acted on, and {@link #create} with a null spec rebuilds the actor from it
 * (plan and searcher restored in trial order, schedulers fed the recorded results in the order
 * they arrived, unfinished trials queued again from their last checkpoint). Reported epochs are
 * the exception: they are written in batches (at most {@link ExperimentContext#resultFlushInterval}
 * late) because they are most of the traffic; everything else flushes the batch first, so the
 * store and the event stream keep the order in which things happened.
 *
 * <p>No reported epoch is lost to a crash (kill -9 of the whole lab included): a checkpoint
 * becomes the trial's resume point only after every epoch it covers is committed. Workers report
 * an epoch before they publish its checkpoint; the actor flushes the waiting results and only then
 * records the checkpoint ({@link #recordCheckpointIfCovered}), and holds back a checkpoint that
 * arrives ahead of its epochs. A crash loses at most epochs after the last resume point, which the
 * resumed trial runs and reports again; a step already stored is never stored twice.
 *
 * <p>Crash loops end: an attempt is marked running before its slot gets it (by the supervisor), so
 * an attempt that took its worker, or the whole lab, down counts as a lost attempt (on restore, or
 * when its slot leaves the cluster) towards {@code limits.maxRetries} like a failure, and the trial
 * then fails saying how often its worker was lost. A store failure (disk full) restarts the actor
 * from the store with a backoff until the store answers again; that reload counts nothing as lost.
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

    /** Why a trial was asked to stop before its budget; decides its status when it ends. */
    private enum StopReason { NONE, SCHEDULER, REQUEST, PAUSE, LIMIT }

    /** What the actor knows of one trial. */
    private static final class Trial {
        final String id;
        final int number;
        final Stage stage;
        final Map<String, Object> params;
        final Integer configuration;
        final Map<String, String> inputs;
        TrialStatus status = TrialStatus.QUEUED;
        /** The attempt in the supervisor's queue or on a slot, or null when nothing is out. */
        String workId;
        int attempts;
        Double lastObjective;
        BitSet steps = new BitSet();
        StopReason stop = StopReason.NONE;
        String stopMessage;
        /** A checkpoint reported before all the epochs it covers were: it waits for them. */
        Checkpointed earlyCheckpoint;

        Trial(String id, int number, Stage stage, Map<String, Object> params, Integer configuration, Map<String, String> inputs) {
            this.id = id;
            this.number = number;
            this.stage = stage;
            this.params = params;
            this.configuration = configuration;
            this.inputs = inputs;
        }

        boolean active() {
            return !status.terminal();
        }
    }

    private final String id;
    private final ExperimentSpec spec;
    private final ExperimentContext deps;
    private final LabStore store;
    private final ActorRef<ToOrchestrator> supervisor;
    private final TimerScheduler<Command> timers;
    private final Plan plan;
    private final Map<Stage.Track, TrialScheduler> schedulers = new EnumMap<>(Stage.Track.class);
    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final Map<String, Trial> byWork = new HashMap<>();
    /** Trials waiting for a resume: withdrawn from the queue, or paused after their epoch. */
    private final List<Trial> held = new ArrayList<>();
    private final List<StepMetrics> pendingSteps = new ArrayList<>();
    private final List<LabEvent> pendingEvents = new ArrayList<>();
    private int nextNumber;
    private int planned;
    private boolean paused;
    private boolean limitReached;
    private String failure;

    /**
     * @param spec the submitted spec, or null to restore experiment {@code id} from the store
     * @param replyTo told once the experiment is recorded (null on restore)
     */
    public static Behavior<Command> create(String id, ExperimentSpec spec, ExperimentContext deps,
            ActorRef<ToOrchestrator> supervisor, ActorRef<SubmitResult> replyTo) {
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
            ExperimentContext deps, ActorRef<ToOrchestrator> supervisor) {
        super(context);
        this.id = id;
        this.spec = spec;
        this.deps = deps;
        this.store = deps.store();
        this.supervisor = supervisor;
        this.timers = timers;
        this.plan = Plan.create(spec, SearchStrategy.create(spec.search(), spec.objective(), spec.seed()));
        schedulers.put(Stage.Track.SWEEP, TrialScheduler.create(spec.scheduler(), spec.objective()));
        schedulers.put(Stage.Track.BASELINE, TrialScheduler.create(spec.scheduler(), spec.objective()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkStarted.class, this::onWorkStarted)
                .onMessage(Progress.class, this::onProgress)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(WorkLost.class, this::onWorkLost)
                .onMessage(WorkWithdrawn.class, this::onWorkWithdrawn)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(Checkpointed.class, this::onCheckpointed)
                .onMessage(Pause.class, this::onPause)
                .onMessage(Resume.class, this::onResume)
                .onMessage(StopTrial.class, this::onStopTrial)
                .onMessageEquals(FlushResults.INSTANCE, this::onFlushResults)
                .onMessageEquals(WallClockSpent.INSTANCE, this::onWallClockSpent)
                .build();
    }

    // ---- lifecycle --------------------------------------------------------------------------

    private Behavior<Command> begin(ActorRef<SubmitResult> replyTo, Runnable recorded) {
        planned = plan.plannedTrials();
        try {
            store.experiments().insert(id, spec, planned, Instant.now());
        } catch (StoreException e) {
            // Not recorded, so it does not exist: the submitter hears nothing and gets 503 from its ask.
            getContext().getLog().warn("Experiment {} not started: {}", id, e.getMessage());
            supervisor.tell(new Supervisor.ExperimentEnded(id));
            return Behaviors.stopped();
        }
        recorded.run();
        if (replyTo != null) {
            replyTo.tell(new SubmitResult(id, spec.name(), planned));
        }
        store.experiments().updateStatus(id, ExperimentStatus.RUNNING, null);
        event(null, "experiment.started", spec.kind().wire() + " experiment '" + spec.name() + "' with " + planned + " trials");
        startWallClock();
        return advance();
    }

    /** @param processRestart the lab process restarted: attempts that were running were lost with it */
    private Behavior<Command> restore(boolean processRestart) {
        if (!processRestart) {
            // The attempts this actor handed out before it failed are unknown to the rebuilt one.
            supervisor.tell(new Supervisor.ForgetWork(id));
        }
        List<TrialView> recorded = store.trials().ofExperiment(id);
        for (TrialView v : recorded) {
            Stage stage = Stage.of(v.stage());
            Trial t = new Trial(v.id(), v.number(), stage, v.params(), v.configuration(), v.inputs());
            t.status = v.status();
            t.lastObjective = v.objective();
            t.attempts = v.attempts();
            trials.put(t.id, t);
            nextNumber = Math.max(nextNumber, v.number() + 1);
            plan.restore(new TrialRecord(stage, v.params(), v.configuration(), v.status(), v.objective(), v.outputs()));
        }
        plan.afterRestore();
        replaySchedulers();
        paused = store.experiments().find(id).map(e -> e.status() == ExperimentStatus.PAUSED).orElse(false);
        String why = processRestart ? "the orchestrator restarted" : "the experiment was reloaded from the store after a store failure";
        event(null, "experiment.restored", (processRestart ? "restored after an orchestrator restart" : "reloaded from the store after a store failure")
                + " with " + recorded.size() + " recorded trials" + (paused ? "; still paused" : ""));
        for (Trial t : List.copyOf(trials.values())) {
            if (t.active()) {
                t.steps = store.metrics().recordedSteps(t.id);
                String resume = store.trials().checkpoint(t.id).orElse(null);
                if (paused && t.status == TrialStatus.PAUSED) {
                    held.add(t);
                    continue;
                }
                if (processRestart && t.status == TrialStatus.RUNNING
                        && countLost(t, "the lab process restarted while it ran")) {
                    continue;
                }
                if (t.status != TrialStatus.QUEUED) {
                    store.trials().markQueued(t.id);
                }
                t.status = TrialStatus.QUEUED;
                event(t.id, "trial.requeued", why + " while trial " + t.number + " was unfinished; "
                        + (resume == null ? "starting it from scratch" : "resuming from checkpoint " + resume));
                dispatch(t);
            }
        }
        planned = store.experiments().find(id).map(ExperimentView::trialsTotal).orElse(plan.plannedTrials());
        startWallClock();
        return advance();
    }

    /** Feeds each scheduler the recorded results of its trials in the order they were reported. */
    private void replaySchedulers() {
        List<MetricPoint> history = store.metrics().history(id, spec.objective().metric());
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            lastIndex.put(history.get(i).trialId(), i);
        }
        for (Trial t : trials.values()) {
            if (t.stage.swept() && !t.active() && !lastIndex.containsKey(t.id)) {
                schedulerOf(t).onTrialEnd(t.id);
            }
        }
        for (int i = 0; i < history.size(); i++) {
            MetricPoint p = history.get(i);
            Trial t = trials.get(p.trialId());
            if (t == null || !t.stage.swept()) {
                continue;
            }
            schedulerOf(t).onResult(t.id, p.step(), p.value());
            if (!t.active() && lastIndex.get(t.id) == i) {
                schedulerOf(t).onTrialEnd(t.id);
            }
        }
    }

    private TrialScheduler schedulerOf(Trial t) {
        return schedulers.get(t.stage.track());
    }

    // ---- planning and dispatch ----------------------------------------------------------------

    /** Queues what the plan wants now, then ends the experiment if nothing is left. */
    private Behavior<Command> advance() {
        if (failure != null) {
            return fail(failure);
        }
        if (!limitReached && !paused) {
            long active = trials.values().stream().filter(t -> t.stage.swept() && t.active()).count();
            int capacity = (int) Math.max(0, spec.search().maxConcurrent() - active);
            for (TrialRequest r : plan.next(capacity)) {
                dispatch(newTrial(r));
            }
            int nowPlanned = Math.max(plan.plannedTrials(), (int) trials.values().stream().filter(t -> t.stage.swept()).count());
            if (plan.exhausted()) {
                nowPlanned = (int) trials.values().stream().filter(t -> t.stage.swept()).count();
            }
            if (nowPlanned != planned) {
                planned = nowPlanned;
                store.experiments().updatePlannedTrials(id, planned);
            }
        }
        return finishIfDone();
    }

    private Trial newTrial(TrialRequest r) {
        int number = nextNumber++;
        String trialId = id + "-t" + number;
        Trial t = new Trial(trialId, number, r.stage(), r.params(), r.configuration(), r.inputs());
        trials.put(trialId, t);
        store.trials().insert(trialId, id, number, r.stage().wire(), r.params(), r.configuration(), r.inputs());
        event(trialId, "trial.queued", describe(t) + " queued"
                + (r.params().isEmpty() ? "" : " with " + r.params())
                + (r.inputs().isEmpty() ? "" : ", inputs " + r.inputs().keySet()));
        return t;
    }

    /** Hands a queued trial to the supervisor, or holds it while the experiment is paused. */
    private void dispatch(Trial t) {
        if (paused) {
            held.add(t);
            return;
        }
        t.attempts++;
        t.workId = t.id + "-a" + t.attempts + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        byWork.put(t.workId, t);
        String resumeFrom = t.stage.swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
        WorkItem work = new WorkItem(t.workId, id, t.id, t.stage.kind(), spec,
                WorkParams.of(spec, t.stage, t.params, t.configuration, t.number), t.inputs, resumeFrom, deps.artifactBaseUrl());
        supervisor.tell(new Supervisor.Enqueue(work, getContext().getSelf()));
    }

    /** The epochs a trial's work runs when nothing stops it. */
    private int plannedEpochs(Trial t) {
        Object epochs = WorkParams.of(spec, t.stage, t.params, t.configuration, t.number).get("epochs");
        return epochs instanceof Number n ? n.intValue() : spec.train().epochs();
    }

    /**
     * Takes the trials' attempts back: queued ones are withdrawn, running ones stop after their
     * epoch. One message for all of them, so the supervisor takes them back in one step (see
     * {@link Supervisor.StopWork}).
     */
    private void recall(List<Trial> recalled, StopReason reason, String message) {
        List<String> workIds = new ArrayList<>();
        for (Trial t : recalled) {
            if (t.stop == StopReason.NONE || reason != StopReason.PAUSE) {
                t.stop = reason;
                t.stopMessage = message;
            }
            if (t.workId != null) {
                workIds.add(t.workId);
            }
        }
        if (!workIds.isEmpty()) {
            supervisor.tell(new Supervisor.StopWork(workIds, message));
        }
    }

    // ---- worker reports ---------------------------------------------------------------------

    private Behavior<Command> onWorkStarted(WorkStarted m) {
        Trial t = byWork.get(m.workId());
        if (t != null && t.active()) {
            flushResults();
            t.status = TrialStatus.RUNNING;
            if (!m.recorded()) {
                store.trials().markStarted(t.id, m.slot());
            }
            event(t.id, "trial.started", "attempt " + t.attempts + " on " + m.slot());
        }
        return this;
    }

    private Behavior<Command> onProgress(Progress m) {
        ReportProgress r = m.report();
        Trial t = byWork.get(r.workId());
        if (t == null || !t.active()) {
            r.replyTo().tell(new Decision(r.workId(), true, "trial is no longer running"));
            return this;
        }
        boolean fresh = !t.steps.get(r.epoch());
        Double objective = r.metrics().get(spec.objective().metric());
        if (objective != null) {
            t.lastObjective = objective;
        }
        TrialDecision decision = TrialDecision.CONTINUE;
        if (fresh) {
            t.steps.set(r.epoch());
            pendingSteps.add(new StepMetrics(t.id, r.epoch(), r.metrics(), r.time()));
            pendingEvents.add(EventLog.draft(id, t.id, "trial.metrics", null, r.epoch(), r.metrics()));
            if (objective != null && t.stage.swept() && t.stop == StopReason.NONE) {
                decision = schedulerOf(t).onResult(t.id, r.epoch(), objective);
                if (decision.stop() && r.epoch() >= plannedEpochs(t)) {
                    // The trial has had its whole budget: a stop now (ASHA at its max resource) changes nothing.
                    decision = TrialDecision.CONTINUE;
                }
                if (decision.stop()) {
                    t.stop = StopReason.SCHEDULER;
                    t.stopMessage = decision.reason();
                    pendingEvents.add(EventLog.draft(id, t.id, "trial.decision",
                            "stop after epoch " + r.epoch() + ": " + decision.reason(), r.epoch(), null));
                }
            }
        }
        if (t.stop != StopReason.NONE) {
            decision = TrialDecision.stop(t.stopMessage);
        }
        r.replyTo().tell(new Decision(r.workId(), decision.stop(), decision.reason()));
        recordCheckpointIfCovered(t);
        if (pendingSteps.size() >= deps.resultBatchSize()) {
            flushResults();
        } else if (!pendingEvents.isEmpty() && !timers.isTimerActive(FlushResults.INSTANCE)) {
            timers.startSingleTimer(FlushResults.INSTANCE, deps.resultFlushInterval());
        }
        return this;
    }

    private Behavior<Command> onFlushResults() {
        flushResults();
        return this;
    }

    private Behavior<Command> onCheckpointed(Checkpointed m) {
        Trial t = byWork.get(m.workId());
        if (t != null && t.active()) {
            t.earlyCheckpoint = m;
            recordCheckpointIfCovered(t);
        }
        return this;
    }

    /**
     * A checkpoint becomes the trial's resume point only once every epoch it covers is in the
     * store: the waiting results are flushed first, in the same order. One that arrives before
     * its epochs (a worker that checkpoints before it reports) waits for them, so a resume never
     * skips an epoch whose metrics were not recorded.
     */
    private void recordCheckpointIfCovered(Trial t) {
        Checkpointed c = t.earlyCheckpoint;
        if (c == null || t.steps.nextClearBit(1) <= c.epoch()) {
            return;
        }
        t.earlyCheckpoint = null;
        flushResults();
        store.trials().recordCheckpoint(t.id, c.artifactId());
    }

    private Behavior<Command> onCompleted(Completed m) {
        Trial t = byWork.remove(m.report().workId());
        if (t == null || !t.active()) {
            return this;
        }
        flushResults();
        t.workId = null;
        WorkResult result = m.report().result();
        Double objective = Optional.ofNullable(result.finalMetrics().get(spec.objective().metric())).orElse(t.lastObjective);
        t.lastObjective = objective;
        if (result.stoppedEarly() && t.stop == StopReason.PAUSE) {
            result.artifacts().entrySet().stream().filter(e -> e.getKey().equals(Roles.CHECKPOINT)).findFirst()
                    .ifPresent(e -> store.trials().recordCheckpoint(t.id, e.getValue()));
            t.stop = StopReason.NONE;
            String from = store.trials().checkpoint(t.id).map(c -> " with checkpoint " + c).orElse(" without a checkpoint (it will start over)");
            if (paused) {
                t.status = TrialStatus.PAUSED;
                store.trials().markPaused(t.id);
                event(t.id, "trial.paused", describe(t) + " paused after epoch " + Math.max(0, t.steps.length() - 1) + from);
            } else {
                t.status = TrialStatus.QUEUED;
                store.trials().markQueued(t.id);
                event(t.id, "trial.resumed", describe(t) + " stopped for a pause that is over; queued again" + from);
            }
            dispatch(t);
            return this;
        }
        TrialStatus status = result.stoppedEarly() ? TrialStatus.STOPPED : TrialStatus.COMPLETED;
        String message = status == TrialStatus.STOPPED ? t.stopMessage : null;
        String checkpoint = result.artifacts().getOrDefault(Roles.MODEL, result.artifacts().get(Roles.BODY));
        end(t, status, objective, result.artifacts(), checkpoint, message);
        event(t.id, status == TrialStatus.STOPPED ? "trial.stopped" : "trial.completed", describe(t) + " "
                + (t.stage.swept() ? spec.objective().metric() + "=" + format(objective) : "published " + result.artifacts().keySet())
                + (message == null ? "" : " (" + message + ")"));
        return afterEnded(t, result.artifacts());
    }

    private Behavior<Command> onFailed(Failed m) {
        Trial t = byWork.remove(m.report().workId());
        if (t == null || !t.active()) {
            return this;
        }
        flushResults();
        t.workId = null;
        String error = m.report().error();
        int failures = store.trials().recordFailure(t.id, error);
        int maxRetries = spec.limits().maxRetries();
        if (failures <= maxRetries && !limitReached && t.stop == StopReason.NONE) {
            t.status = TrialStatus.QUEUED;
            store.trials().markQueued(t.id);
            String resume = t.stage.swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
            event(t.id, "trial.retried", "attempt " + t.attempts + " failed: " + error + "; retry " + failures + " of "
                    + maxRetries + (resume == null ? " from the start" : " from checkpoint " + resume));
            dispatch(t);
            return this;
        }
        String message = failures > maxRetries && maxRetries > 0
                ? error + " (failed " + failures + " times; limits.maxRetries is " + maxRetries + ")" : error;
        end(t, TrialStatus.FAILED, null, Map.of(), null, message);
        event(t.id, "trial.failed", describe(t) + " failed: " + message);
        return afterEnded(t, Map.of());
    }

    private Behavior<Command> onWorkLost(WorkLost m) {
        Trial t = byWork.remove(m.workId());
        if (t == null || !t.active()) {
            return this;
        }
        flushResults();
        t.workId = null;
        if (t.stop == StopReason.PAUSE) {
            t.stop = StopReason.NONE;
        }
        if (t.stop == StopReason.NONE && countLost(t, m.reason())) {
            return advance();
        }
        t.status = TrialStatus.QUEUED;
        store.trials().markQueued(t.id);
        String resume = t.stage.swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
        event(t.id, "trial.requeued", m.reason() + (resume == null ? "; restarting from scratch" : "; resuming from checkpoint " + resume));
        if (t.stop != StopReason.NONE) {
            endUnstarted(t);
            return advance();
        }
        dispatch(t);
        return this;
    }

    /**
     * Counts an attempt lost with its worker (it may have taken the worker down: a model the
     * kernel killed the process for). Past {@code limits.maxRetries} the trial fails saying so, and
     * true is returned (the caller advances); otherwise the caller queues it again.
     */
    private boolean countLost(Trial t, String reason) {
        TrialStore.FailureCount count = store.trials().recordLostAttempt(t.id, reason);
        int maxRetries = spec.limits().maxRetries();
        if (count.failures() <= maxRetries) {
            return false;
        }
        int others = count.failures() - count.lost();
        String message = "worker lost " + count.lost() + (count.lost() == 1 ? " time" : " times")
                + " while running this trial (last: " + reason + ")"
                + (others > 0 ? "; " + others + " other failed attempt(s)" : "")
                + "; limits.maxRetries is " + maxRetries;
        end(t, TrialStatus.FAILED, null, Map.of(), null, message);
        event(t.id, "trial.failed", describe(t) + " failed: " + message);
        learn(t, Map.of());
        return true;
    }

    private Behavior<Command> onWorkWithdrawn(WorkWithdrawn m) {
        Trial t = byWork.remove(m.workId());
        if (t == null || !t.active()) {
            return this;
        }
        flushResults();
        t.workId = null;
        if (t.stop == StopReason.PAUSE || t.stop == StopReason.NONE) {
            // withdrawn for a pause (perhaps already over): it waits for the resume or goes straight back
            t.stop = StopReason.NONE;
            dispatch(t);
            return this;
        }
        endUnstarted(t);
        return advance();
    }

    /** A trial stopped (by request or a limit) before a slot started its attempt; the caller advances. */
    private void endUnstarted(Trial t) {
        TrialStatus status = t.stop == StopReason.LIMIT ? TrialStatus.CANCELLED : TrialStatus.STOPPED;
        end(t, status, t.lastObjective, Map.of(), null, t.stopMessage);
        event(t.id, status == TrialStatus.CANCELLED ? "trial.cancelled" : "trial.stopped", describe(t) + ": " + t.stopMessage);
        learn(t, Map.of());
    }

    /** Records a trial's end in memory and in the store, and tells its scheduler. */
    private void end(Trial t, TrialStatus status, Double objective, Map<String, String> outputs, String checkpoint, String message) {
        t.status = status;
        t.lastObjective = objective;
        held.remove(t);
        store.trials().markFinished(t.id, status, objective, outputs, checkpoint, message);
        if (t.stage.swept()) {
            schedulerOf(t).onTrialEnd(t.id);
        }
    }

    /** Tells the plan how the trial ended and queues what became possible. */
    private Behavior<Command> afterEnded(Trial t, Map<String, String> outputs) {
        learn(t, outputs);
        return advance();
    }

    private void learn(Trial t, Map<String, String> outputs) {
        Optional<String> fatal = plan.onEnded(new TrialRecord(t.stage, t.params, t.configuration, t.status, t.lastObjective, outputs));
        if (fatal.isPresent()) {
            if (failure == null) {
                failure = fatal.get() + lastError(t);
            }
        } else if (!t.stage.swept() && stageComplete(t.stage)) {
            event(null, "stage.completed", t.stage.wire()
                    + (t.stage == Stage.SCOUT ? " (" + spec.gtl().scouts() + " scouts)" : ", published " + outputs));
        }
    }

    private String lastError(Trial t) {
        return t.status == TrialStatus.FAILED
                ? ": " + store.trials().find(t.id).map(TrialView::message).orElse("unknown error") : "";
    }

    private boolean stageComplete(Stage stage) {
        return trials.values().stream().filter(x -> x.stage == stage).noneMatch(Trial::active);
    }

    // ---- control ----------------------------------------------------------------------------

    private Behavior<Command> onPause(Pause m) {
        if (paused) {
            m.replyTo().tell(ControlReply.conflict(id, "experiment " + id + " is already paused"));
            return this;
        }
        flushResults();
        paused = true;
        timers.cancel(WallClockSpent.INSTANCE);
        store.experiments().markPaused(id, Instant.now());
        long out = trials.values().stream().filter(t -> t.active() && t.workId != null).count();
        event(null, "experiment.paused", "paused by request: queued trials wait, " + out
                + " trial(s) in flight stop after their current epoch and resume from their checkpoint");
        recall(trials.values().stream().filter(t -> t.active() && t.workId != null).toList(), StopReason.PAUSE, "experiment paused");
        m.replyTo().tell(ControlReply.accepted(id, ExperimentStatus.PAUSED.name()));
        return this;
    }

    private Behavior<Command> onResume(Resume m) {
        if (!paused) {
            m.replyTo().tell(ControlReply.conflict(id, "experiment " + id + " is not paused"));
            return this;
        }
        flushResults();
        paused = false;
        store.experiments().markResumed(id, Instant.now());
        List<Trial> waiting = List.copyOf(held);
        held.clear();
        event(null, "experiment.resumed", "resumed by request; " + waiting.size() + " trial(s) queued again");
        for (Trial t : waiting) {
            if (t.status == TrialStatus.PAUSED) {
                t.status = TrialStatus.QUEUED;
                store.trials().markQueued(t.id);
                event(t.id, "trial.resumed", describe(t) + " resumes"
                        + store.trials().checkpoint(t.id).map(c -> " from checkpoint " + c).orElse(" from the start"));
            }
            dispatch(t);
        }
        startWallClock();
        m.replyTo().tell(ControlReply.accepted(id, ExperimentStatus.RUNNING.name()));
        return advance();
    }

    private Behavior<Command> onStopTrial(StopTrial m) {
        Trial t = trials.get(m.trialId());
        if (t == null) {
            m.replyTo().tell(ControlReply.notFound(m.trialId(), "trial " + m.trialId() + " is not part of experiment " + id));
            return this;
        }
        if (!t.active()) {
            m.replyTo().tell(ControlReply.conflict(t.id, "trial " + t.id + " already ended (" + t.status + ")"));
            return this;
        }
        flushResults();
        event(t.id, "trial.decision", "stop requested for " + describe(t));
        if (t.workId == null) {
            t.stop = StopReason.REQUEST;
            t.stopMessage = "stopped by request";
            m.replyTo().tell(ControlReply.accepted(t.id, TrialStatus.STOPPED.name()));
            endUnstarted(t);
            return advance();
        }
        recall(List.of(t), StopReason.REQUEST, "stopped by request");
        m.replyTo().tell(ControlReply.accepted(t.id, "STOPPING"));
        return this;
    }

    private void startWallClock() {
        long budget = spec.limits().wallClockSeconds();
        if (budget <= 0 || paused || limitReached) {
            return;
        }
        long left = budget * 1000 - store.experiments().clock(id).runningMillis(Instant.now());
        timers.startSingleTimer(WallClockSpent.INSTANCE, Duration.ofMillis(Math.max(0, left)));
    }

    private Behavior<Command> onWallClockSpent() {
        if (limitReached || paused) {
            return this;
        }
        flushResults();
        limitReached = true;
        String message = "wall-clock budget of " + spec.limits().wallClockSeconds() + " s spent";
        event(null, "experiment.limit", message + ": no new trials; running trials stop after their current epoch");
        List<Trial> out = new ArrayList<>();
        for (Trial t : List.copyOf(trials.values())) {
            if (!t.active()) {
                continue;
            }
            if (t.workId == null) {
                t.stop = StopReason.LIMIT;
                t.stopMessage = message;
                endUnstarted(t);
            } else {
                out.add(t);
            }
        }
        // Every attempt out at once: a slot stopping one of them could otherwise be handed a queued sibling meanwhile.
        recall(out, StopReason.LIMIT, message);
        return finishIfDone();
    }

    private Behavior<Command> onCancel(Cancel m) {
        flushResults();
        for (Trial t : trials.values()) {
            if (t.active()) {
                t.status = TrialStatus.CANCELLED;
                store.trials().markFinished(t.id, TrialStatus.CANCELLED, t.lastObjective, null, null, "experiment cancelled");
            }
        }
        store.experiments().updateStatus(id, ExperimentStatus.CANCELLED, "cancelled by request");
        event(null, "experiment.cancelled", "cancelled by request");
        m.replyTo().tell(true);
        return stop();
    }

    // ---- endings ----------------------------------------------------------------------------

    private Behavior<Command> finishIfDone() {
        if (failure != null) {
            return fail(failure);
        }
        boolean nothingLeft = limitReached || plan.exhausted();
        if (!nothingLeft || trials.values().stream().anyMatch(Trial::active)) {
            return this;
        }
        List<Trial> sweep = trials.values().stream().filter(t -> t.stage.swept()).toList();
        long succeeded = sweep.stream().filter(t -> t.status == TrialStatus.COMPLETED || t.status == TrialStatus.STOPPED).count();
        List<String> errors = sweep.stream().filter(t -> t.status == TrialStatus.FAILED)
                .map(t -> "trial " + t.number + ": " + store.trials().find(t.id).map(TrialView::message).orElse("?")).toList();
        if (succeeded == 0) {
            String why = limitReached ? "the wall-clock budget of " + spec.limits().wallClockSeconds() + " s was spent before any trial finished"
                    : sweep.isEmpty() ? "the plan proposed no trials" : "all " + sweep.size() + " trials failed; first error: " + errors.getFirst();
            return fail(why);
        }
        String summary = Standing.of(store.trials().ofExperiment(id), spec.objective().mode()).summary(spec.objective().metric());
        String message = summary + (errors.isEmpty() ? "" : "; " + errors.size() + " trial(s) failed")
                + (limitReached ? "; wall-clock budget of " + spec.limits().wallClockSeconds() + " s reached" : "");
        store.experiments().updateStatus(id, ExperimentStatus.COMPLETED, message);
        event(null, "experiment.completed", message);
        return stop();
    }

    private Behavior<Command> fail(String reason) {
        for (Trial t : trials.values()) {
            if (t.active()) {
                t.status = TrialStatus.CANCELLED;
                store.trials().markFinished(t.id, TrialStatus.CANCELLED, t.lastObjective, null, null, "experiment failed");
            }
        }
        store.experiments().updateStatus(id, ExperimentStatus.FAILED, reason);
        event(null, "experiment.failed", reason);
        return stop();
    }

    private Behavior<Command> stop() {
        flushResults();
        supervisor.tell(new Supervisor.ExperimentEnded(id));
        return Behaviors.stopped();
    }

    // ---- recording --------------------------------------------------------------------------

    /** Records an event now, after any results still waiting, so the stream keeps its order. */
    private void event(String trialId, String type, String message) {
        pendingEvents.add(EventLog.draft(id, trialId, type, message, null, null));
        flushResults();
    }

    private void flushResults() {
        if (pendingEvents.isEmpty() && pendingSteps.isEmpty()) {
            return;
        }
        timers.cancel(FlushResults.INSTANCE);
        deps.events().recordBatch(List.copyOf(pendingSteps), List.copyOf(pendingEvents));
        pendingSteps.clear();
        pendingEvents.clear();
    }

    private static String describe(Trial t) {
        return switch (t.stage) {
            case PRETRAIN -> "pretrain stage";
            case SCOUT -> "scout " + t.params.get(Roles.SCOUT);
            case GUIDE -> "guide stage";
            case TEACHER -> "teacher";
            default -> t.stage.wire() + " trial " + t.number;
        };
    }

    private static String format(Double v) {
        return v == null ? "n/a" : String.format("%.4f", v);
    }
}
