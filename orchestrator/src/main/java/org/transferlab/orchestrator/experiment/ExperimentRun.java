package org.transferlab.orchestrator.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.experiment.TrialBook.StopReason;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.orchestrator.experiment.plan.Plan;
import org.transferlab.orchestrator.experiment.plan.TrialRecord;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.orchestrator.experiment.plan.TrialSeeds;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.schedule.TrialScheduler;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.StepMetrics;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.spec.ExperimentKind;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.Exploit;
import org.transferlab.protocol.view.LabEvent.Kind;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The flow of one experiment, as plain Java: what happens on each worker report and control
 * request. It wires the pieces together (the {@link Plan} and its stages, the searcher, one
 * {@link TrialScheduler} for the sweep and one for its baselines, the {@link TrialBook},
 * {@link RetryPolicy}, {@link Budget}, {@link ResultBatcher}, {@link Restorer} and
 * {@link EventWording}), records every change in the store before acting on it, and reaches the
 * world outside only through {@link Outside}. Exists so that {@link ExperimentActor} stays a thin
 * adapter between messages and this class, and so that the flow can be tested without an actor
 * system.
 *
 * <p>Ordering guarantees: reported epochs wait in the batcher; every other change drains it
 * first, so the store and the event stream keep the order in which things happened. A checkpoint
 * becomes a trial's resume point only after every epoch it covers is committed.
 */
final class ExperimentRun {

    /** What the flow asks of the actor around it: messages to send and timers to set. */
    interface Outside {
        /** Hand this attempt to the supervisor's queue. */
        void enqueue(WorkItem work);

        /** Take these attempts back in one step (see {@link ToSupervisor.StopWork}). */
        void stopWork(List<String> workIds, String reason);

        /** Tell the supervisor to forget the work a previous incarnation handed out. */
        void forgetWork();

        /** Call {@link #wallClockSpent} after this long (replacing a timer already set). */
        void startWallClock(Duration after);

        void cancelWallClock();

        /** Call {@link #flushResults} after this long, unless {@link #cancelFlush} comes first. */
        void scheduleFlush(Duration after);

        boolean flushScheduled();

        void cancelFlush();
    }

    private final String id;
    private final ExperimentSpec spec;
    private final ExperimentContext deps;
    private final LabStore store;
    private final Outside outside;
    private final Plan plan;
    private final Map<TrialStage.Track, TrialScheduler> schedulers = new EnumMap<>(TrialStage.Track.class);
    private final TrialBook book;
    private final ResultBatcher results;
    private final Budget budget;
    private final RetryPolicy retries;
    private int planned;
    private String failure;
    private boolean over;

    ExperimentRun(String id, ExperimentSpec spec, ExperimentContext deps, Outside outside) {
        this.id = id;
        this.spec = spec;
        this.deps = deps;
        this.store = deps.store();
        this.outside = outside;
        this.plan = Plan.create(spec, SearchStrategy.create(spec.search(), spec.objective(), spec.seed()));
        schedulers.put(TrialStage.Track.SWEEP, TrialScheduler.create(spec));
        // A fine-tune (or synthetic) sweep's baseline runs once per seed, not per configuration: a scheduler could only
        // stop it for seed luck, and dropping its unlucky seeds would flatter it. It always runs its whole budget.
        boolean perSeed = spec.kind() == ExperimentKind.FINETUNE || spec.kind() == ExperimentKind.SYNTHETIC;
        schedulers.put(TrialStage.Track.BASELINE, perSeed ? TrialScheduler.fifo() : TrialScheduler.create(spec));
        this.book = new TrialBook(id);
        this.results = new ResultBatcher(deps.resultBatchSize());
        this.budget = new Budget(spec.limits().wallClockSeconds());
        this.retries = new RetryPolicy(spec.limits().maxRetries());
    }

    /** The experiment ended (completed, failed or cancelled): the actor stops. */
    boolean over() {
        return over;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** Records the new experiment; a {@link org.transferlab.orchestrator.store.StoreException} means it does not exist. */
    SubmitResult record() {
        planned = plan.plannedTrials();
        store.experiments().insert(id, spec, planned, Instant.now());
        return new SubmitResult(id, spec.name(), planned);
    }

    /** Starts a recorded experiment: queues the first trials. */
    void start() {
        store.experiments().updateStatus(id, ExperimentStatus.RUNNING, null);
        event(null, Kind.EXPERIMENT_STARTED, EventWording.started(spec, planned));
        startWallClock();
        advance();
    }

    /**
     * Rebuilds the experiment from the store and queues its unfinished trials again.
     *
     * @param processRestart the lab process restarted: attempts that were running were lost with it
     */
    void restore(boolean processRestart) {
        if (!processRestart) {
            // The attempts handed out before the failure are unknown to the rebuilt experiment.
            outside.forgetWork();
        }
        List<TrialView> recorded = store.trials().ofExperiment(id);
        Restorer.trials(recorded, book, plan, spec.objective().goals(), store.trials()::transferability);
        Restorer.replaySchedulers(book, store.metrics().history(id, spec.objective().metric()), this::schedulerOf);
        Restorer.replayExploits(book, store.exploits().ofExperiment(id), this::schedulerOf);
        if (store.experiments().find(id).map(e -> e.status() == ExperimentStatus.PAUSED).orElse(false)) {
            budget.pause();
        }
        event(null, Kind.EXPERIMENT_RESTORED, EventWording.restored(processRestart, recorded.size(), budget.paused()));
        for (Trial t : book.all()) {
            if (t.active()) {
                resume(t, processRestart);
            }
        }
        planned = store.experiments().find(id).map(ExperimentView::trialsTotal).orElse(plan.plannedTrials());
        startWallClock();
        advance();
    }

    private void resume(Trial t, boolean processRestart) {
        t.recordedSteps(store.metrics().recordedSteps(t.id));
        String resume = store.trials().checkpoint(t.id).orElse(null);
        switch (Restorer.resumption(t, budget.paused(), processRestart)) {
            case HOLD -> {
                book.hold(t);
                return;
            }
            case COUNT_LOST -> {
                if (countLost(t, EventWording.lostRestart())) {
                    return;
                }
            }
            case REQUEUE -> { }
        }
        if (t.status() != TrialStatus.QUEUED) {
            store.trials().markQueued(t.id);
        }
        t.status(TrialStatus.QUEUED);
        event(t.id, Kind.TRIAL_REQUEUED, EventWording.requeuedOnRestore(processRestart, t, resume));
        dispatch(t);
    }

    /** The sweep's scheduler, for tests that compare its state across a restore. */
    TrialScheduler sweepScheduler() {
        return schedulers.get(TrialStage.Track.SWEEP);
    }

    private TrialScheduler schedulerOf(Trial t) {
        return schedulers.get(t.stage().track());
    }

    // ---- planning and dispatch ----------------------------------------------------------------

    /** Queues what the plan wants now, then ends the experiment if nothing is left. */
    private void advance() {
        if (failure != null) {
            fail(failure);
            return;
        }
        if (budget.dispatching()) {
            int capacity = (int) Math.max(0, spec.search().maxConcurrent() - book.activeSwept());
            for (TrialRequest r : plan.next(capacity)) {
                dispatch(newTrial(r));
            }
            int swept = book.swept().size();
            int nowPlanned = plan.exhausted() ? swept : Math.max(plan.plannedTrials(), swept);
            if (nowPlanned != planned) {
                planned = nowPlanned;
                store.experiments().updatePlannedTrials(id, planned);
            }
        }
        finishIfDone();
    }

    private Trial newTrial(TrialRequest r) {
        Trial t = book.add(r);
        store.trials().insert(t.id, id, t.number, r.stage(), r.params(), r.configuration(), r.inputs());
        if (t.stage().swept()) {
            schedulerOf(t).admit(t.id, r.params());
        }
        event(t.id, Kind.TRIAL_QUEUED, EventWording.queued(t));
        return t;
    }

    /** Hands a queued trial to the supervisor, or holds it while the experiment is paused. */
    private void dispatch(Trial t) {
        if (budget.paused()) {
            book.hold(t);
            return;
        }
        if (t.exploiting()) {
            // a new attempt runs on normally: the exploit that ended the last one lives on in its resume point and params
            t.clearStop();
        }
        String workId = book.handOut(t);
        String resumeFrom = t.stage().swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
        outside.enqueue(new WorkItem(workId, id, t.id, t.stage().kind(), spec,
                TrialSeeds.config(spec, t.stage(), t.params(), t.number), t.request.inputs(), resumeFrom, deps.artifactBaseUrl()));
    }

    /** Takes the trials' attempts back in one message: queued ones are withdrawn, running ones stop after their epoch. */
    private void recall(List<Trial> recalled, StopReason reason, String message) {
        List<String> workIds = new ArrayList<>();
        for (Trial t : recalled) {
            t.recall(reason, message);
            if (t.out()) {
                workIds.add(t.workId());
            }
        }
        if (!workIds.isEmpty()) {
            outside.stopWork(workIds, message);
        }
    }

    // ---- worker reports ---------------------------------------------------------------------

    /** A slot was given the attempt; {@code recorded}: the supervisor already marked it running in the store. */
    void workStarted(String workId, String slot, boolean recorded) {
        book.working(workId).ifPresent(t -> {
            flushResults();
            t.status(TrialStatus.RUNNING);
            if (!recorded) {
                store.trials().markStarted(t.id, slot);
            }
            event(t.id, Kind.TRIAL_STARTED, EventWording.started(t, slot));
        });
    }

    /** An epoch's metrics: batched, shown to the trial's scheduler, answered with go on or stop (a stop too for a PBT exploit). */
    void progress(ReportProgress r, Consumer<TrialDecision> reply) {
        Trial t = book.working(r.workId()).orElse(null);
        if (t == null) {
            reply.accept(TrialDecision.stop("trial is no longer running"));
            return;
        }
        if (t.exploiting()) {
            // an epoch trained on after the exploit decision: its weights are discarded, so are its metrics
            reply.accept(TrialDecision.stop(t.stopMessage()));
            return;
        }
        Map<String, Double> metrics = withoutTestMetrics(r.metrics());
        Double objective = metrics.get(spec.objective().metric());
        if (objective != null) {
            t.lastObjective(objective);
        }
        TrialDecision decision = TrialDecision.CONTINUE;
        TrialDecision.Exploit exploit = null;
        if (t.recordStep(r.epoch())) {
            results.step(new StepMetrics(t.id, r.epoch(), metrics, r.time()));
            results.event(EventLog.draft(id, t.id, Kind.TRIAL_METRICS, null, r.epoch(), metrics));
            if (objective != null && t.stage().swept() && t.stop() == StopReason.NONE) {
                decision = schedulerOf(t).onResult(t.id, r.epoch(), objective);
                if (decision.stop() && r.epoch() >= TrialConfig.plannedEpochs(spec, t.stage(), t.params())) {
                    // The trial has had its whole budget: a stop now (ASHA at its max resource) changes nothing.
                    decision = TrialDecision.CONTINUE;
                }
                if (decision instanceof TrialDecision.Exploit x) {
                    exploit = x;
                } else if (decision.stop()) {
                    t.stop(StopReason.SCHEDULER, decision.reason());
                    results.event(EventLog.draft(id, t.id, Kind.TRIAL_DECISION,
                            EventWording.schedulerStop(r.epoch(), decision.reason()), r.epoch(), null));
                }
            }
        }
        if (exploit != null) {
            exploit(t, r.epoch(), exploit);
        }
        if (t.stop() != StopReason.NONE) {
            decision = TrialDecision.stop(t.stopMessage());
        }
        reply.accept(decision);
        recordCheckpointIfCovered(t);
        switch (results.next(outside.flushScheduled())) {
            case FLUSH -> flushResults();
            case START_TIMER -> outside.scheduleFlush(deps.resultFlushInterval());
            case WAIT -> { }
        }
    }

    /**
     * Carries out a population-based training exploit decided on the trial's result at
     * {@code epoch}: the running attempt ends after its epoch, and the trial's resume point becomes
     * the donor's checkpoint and its hyperparameters the explored ones, recorded (after the epoch
     * that decided it) before anything acts on them, so a restore or a retry continues the same way.
     */
    private void exploit(Trial t, int epoch, TrialDecision.Exploit x) {
        flushResults();
        Map<String, Object> previous = t.params();
        Exploit recorded = new Exploit(t.id, epoch, x.donorTrialId(), x.donorEpoch(),
                x.checkpoint(), x.objective(), x.donorObjective(), previous, x.params(), Instant.now());
        store.exploits().insert(id, recorded);
        store.trials().recordCheckpoint(t.id, x.checkpoint());
        t.exploited(recorded);
        t.stop(StopReason.EXPLOIT, EventWording.exploited(epoch, x.reason()));
        schedulerOf(t).onExploited(t.id, epoch, x);
        results.event(EventLog.draft(id, t.id, Kind.TRIAL_EXPLOITED, EventWording.exploited(epoch, x.reason()), epoch,
                numeric(x.params(), spec.scheduler().mutations())));
        flushResults();
    }

    /** The named parameters' numeric values, for an event's values. */
    private static Map<String, Double> numeric(Map<String, Object> params, List<String> names) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (params.get(name) instanceof Number n) {
                values.put(name, n.doubleValue());
            }
        }
        return values;
    }

    /**
     * An epoch never carries the test split: a {@code test_} metric reported mid-training is dropped,
     * not stored where schedulers read. The reported map itself when there is none (every epoch of a
     * well-behaved worker): this runs once per report, the orchestrator's most frequent message.
     */
    private static Map<String, Double> withoutTestMetrics(Map<String, Double> reported) {
        for (String name : reported.keySet()) {
            if (WorkResult.isTestMetric(name)) {
                Map<String, Double> kept = new LinkedHashMap<>(reported);
                kept.keySet().removeIf(WorkResult::isTestMetric);
                return kept;
            }
        }
        return reported;
    }

    /** The running attempt published a resumable checkpoint after {@code epoch}. */
    void checkpointed(String workId, int epoch, String artifactId) {
        book.working(workId).ifPresent(t -> {
            if (t.exploiting()) {
                return; // of the weights the exploit replaced
            }
            t.checkpointReported(epoch, artifactId);
            recordCheckpointIfCovered(t);
            if (t.stage().swept()) {
                schedulerOf(t).onCheckpoint(t.id, epoch, artifactId);
            }
        });
    }

    /**
     * A checkpoint becomes the trial's resume point only once every epoch it covers is in the
     * store: the waiting results are flushed first, in the same order. One that arrives before
     * its epochs (a worker that checkpoints before it reports) waits for them, so a resume never
     * skips an epoch whose metrics were not recorded.
     */
    private void recordCheckpointIfCovered(Trial t) {
        t.coveredCheckpoint().ifPresent(artifact -> {
            flushResults();
            store.trials().recordCheckpoint(t.id, artifact);
        });
    }

    void completed(String workId, WorkResult result) {
        Trial t = settle(workId);
        if (t == null) {
            return;
        }
        Double objective = Optional.ofNullable(result.finalMetrics().get(spec.objective().metric())).orElse(t.lastObjective());
        t.lastObjective(objective);
        t.finalMetrics(result.finalMetrics());
        if (result.stoppedEarly() && t.stop() == StopReason.PAUSE) {
            stoppedForPause(t, result);
            return;
        }
        if (t.exploiting()) {
            // stopped (or, at its last epochs, finished) on weights the exploit replaced: the trial goes on from the donor's
            continueAfterExploit(t);
            return;
        }
        TrialStatus status = result.stoppedEarly() ? TrialStatus.STOPPED : TrialStatus.COMPLETED;
        String message = status == TrialStatus.STOPPED ? t.stopMessage() : null;
        String checkpoint = result.artifacts().getOrDefault(ArtifactRole.MODEL.key(), result.artifacts().get(ArtifactRole.BODY.key()));
        // reported beside the objective only: the objective above, the scheduler and the plan never see them
        store.trials().recordTestMetrics(t.id, result.testMetrics());
        store.trials().recordFinalMetrics(t.id, result.finalMetrics());
        store.trials().recordTransferability(t.id, result.transferability());
        end(t, status, objective, result.artifacts(), checkpoint, message);
        event(t.id, status == TrialStatus.STOPPED ? Kind.TRIAL_STOPPED : Kind.TRIAL_COMPLETED,
                EventWording.ended(t, spec.objective().metric(), objective, result.artifacts().keySet(), message));
        learn(t, result.artifacts(), result.transferability());
        advance();
    }

    /** The attempt stopped for a pause: it waits with its checkpoint, or goes straight back if the pause is over. */
    private void stoppedForPause(Trial t, WorkResult result) {
        Optional.ofNullable(result.artifacts().get(ArtifactRole.CHECKPOINT.key())).ifPresent(c -> store.trials().recordCheckpoint(t.id, c));
        t.clearStop();
        String checkpoint = store.trials().checkpoint(t.id).orElse(null);
        holdOrRequeue(t, checkpoint, () -> event(t.id, Kind.TRIAL_RESUMED, EventWording.pauseOver(t, checkpoint)));
    }

    /** The attempt an exploit ended is back: the trial waits for a resume, or goes on from the donor's checkpoint now. */
    private void continueAfterExploit(Trial t) {
        String checkpoint = store.trials().checkpoint(t.id).orElse(null);
        holdOrRequeue(t, checkpoint, () -> t.lastExploit().ifPresent(e -> event(t.id, Kind.TRIAL_REQUEUED,
                EventWording.exploitContinues(t, e.donorTrialId(), e.donorEpoch(), checkpoint))));
    }

    /**
     * A trial whose attempt came back to wait with its checkpoint: it holds while the experiment is
     * paused, else it is queued again and {@code requeued} says why.
     */
    private void holdOrRequeue(Trial t, String checkpoint, Runnable requeued) {
        if (budget.paused()) {
            t.status(TrialStatus.PAUSED);
            store.trials().markPaused(t.id);
            event(t.id, Kind.TRIAL_PAUSED, EventWording.trialPaused(t, checkpoint));
        } else {
            t.status(TrialStatus.QUEUED);
            store.trials().markQueued(t.id);
            requeued.run();
        }
        dispatch(t);
    }

    void failed(String workId, String error) {
        Trial t = settle(workId);
        if (t == null) {
            return;
        }
        int failures = store.trials().recordFailure(t.id, error);
        if (retries.retries(failures, !budget.spent() && (t.stop() == StopReason.NONE || t.exploiting()))) {
            t.status(TrialStatus.QUEUED);
            store.trials().markQueued(t.id);
            String resume = t.stage().swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
            event(t.id, Kind.TRIAL_RETRIED, EventWording.retried(t, error, failures, retries.maxRetries(), resume));
            dispatch(t);
            return;
        }
        String message = retries.failedMessage(failures, error);
        end(t, TrialStatus.FAILED, null, Map.of(), null, message);
        event(t.id, Kind.TRIAL_FAILED, EventWording.failed(t, message));
        learn(t, Map.of());
        advance();
    }

    /** The slot running this attempt vanished: it counts as lost, and the trial is queued again or fails. */
    void workLost(String workId, String reason) {
        Trial t = settle(workId);
        if (t == null) {
            return;
        }
        t.clearPause();
        if (t.stop() == StopReason.NONE && countLost(t, reason)) {
            advance();
            return;
        }
        t.status(TrialStatus.QUEUED);
        store.trials().markQueued(t.id);
        String resume = t.stage().swept() ? store.trials().checkpoint(t.id).orElse(null) : null;
        event(t.id, Kind.TRIAL_REQUEUED, EventWording.requeuedAfterLoss(reason, resume));
        if (t.stop() != StopReason.NONE) {
            endUnstarted(t);
            advance();
            return;
        }
        dispatch(t);
    }

    /**
     * Counts an attempt lost with its worker. Past {@code limits.maxRetries} the trial fails
     * saying so, and true is returned (the caller advances); otherwise the caller queues it again.
     */
    private boolean countLost(Trial t, String reason) {
        Optional<String> fails = retries.afterLoss(store.trials().recordLostAttempt(t.id, reason), reason);
        if (fails.isEmpty()) {
            return false;
        }
        end(t, TrialStatus.FAILED, null, Map.of(), null, fails.get());
        event(t.id, Kind.TRIAL_FAILED, EventWording.failed(t, fails.get()));
        learn(t, Map.of());
        return true;
    }

    /** Queued work was taken back before any slot started it. */
    void workWithdrawn(String workId) {
        Trial t = settle(workId);
        if (t == null) {
            return;
        }
        if (t.stop() == StopReason.PAUSE || t.stop() == StopReason.NONE || t.exploiting()) {
            // withdrawn for a pause (perhaps already over): it waits for the resume or goes straight back
            t.clearStop();
            dispatch(t);
            return;
        }
        endUnstarted(t);
        advance();
    }

    /** The attempt came back: flushes what waits, and returns its trial (null if it no longer matters). */
    private Trial settle(String workId) {
        Trial t = book.settle(workId).orElse(null);
        if (t != null) {
            flushResults();
        }
        return t;
    }

    /** A trial stopped (by request or a limit) before a slot started its attempt; the caller advances. */
    private void endUnstarted(Trial t) {
        TrialStatus status = t.stop() == StopReason.LIMIT ? TrialStatus.CANCELLED : TrialStatus.STOPPED;
        end(t, status, t.lastObjective(), Map.of(), null, t.stopMessage());
        event(t.id, status == TrialStatus.CANCELLED ? Kind.TRIAL_CANCELLED : Kind.TRIAL_STOPPED,
                EventWording.endedUnstarted(t, t.stopMessage()));
        learn(t, Map.of());
    }

    /** Records a trial's end in memory and in the store, and tells its scheduler. */
    private void end(Trial t, TrialStatus status, Double objective, Map<String, String> outputs, String checkpoint, String message) {
        book.ended(t, status, objective);
        store.trials().markFinished(t.id, status, objective, outputs, checkpoint, message);
        if (t.stage().swept()) {
            schedulerOf(t).onTrialEnd(t.id);
        }
    }

    /** Tells the plan how the trial ended. */
    private void learn(Trial t, Map<String, String> outputs) {
        learn(t, outputs, List.of());
    }

    /** Tells the plan how the trial ended, with the candidates a transferability stage scored. */
    private void learn(Trial t, Map<String, String> outputs, List<CandidateScore> scores) {
        Optional<String> fatal = plan.onEnded(new TrialRecord(t.stage(), t.request.params(), t.request.configuration(), t.status(),
                t.lastObjective(), outputs, TrialRecord.objectives(spec.objective().goals(), t.lastObjective(), t.finalMetrics()), scores));
        if (fatal.isPresent()) {
            if (failure == null) {
                failure = fatal.get() + lastError(t);
            }
        } else if (!t.stage().swept() && book.stageComplete(t.stage())) {
            if (t.stage() == TrialStage.TRANSFERABILITY) {
                // names its trial, so a follower can fetch the ranking it announces
                event(t.id, Kind.STAGE_COMPLETED, EventWording.scored(spec, scores));
            } else {
                event(null, Kind.STAGE_COMPLETED, EventWording.stageCompleted(t.stage(), spec.gtl().scouts(), outputs));
            }
        }
    }

    private String lastError(Trial t) {
        return t.status() == TrialStatus.FAILED
                ? ": " + store.trials().find(t.id).map(TrialView::message).orElse("unknown error") : "";
    }

    // ---- control ----------------------------------------------------------------------------

    void pause(Consumer<ControlReply> reply) {
        if (budget.paused()) {
            reply.accept(ControlReply.conflict(id, EventWording.alreadyPaused(id)));
            return;
        }
        flushResults();
        budget.pause();
        outside.cancelWallClock();
        store.experiments().markPaused(id, Instant.now());
        List<Trial> out = book.out();
        event(null, Kind.EXPERIMENT_PAUSED, EventWording.paused(out.size()));
        recall(out, StopReason.PAUSE, EventWording.PAUSING);
        reply.accept(ControlReply.accepted(id, ExperimentStatus.PAUSED.name()));
    }

    void resume(Consumer<ControlReply> reply) {
        if (!budget.paused()) {
            reply.accept(ControlReply.conflict(id, EventWording.notPaused(id)));
            return;
        }
        flushResults();
        budget.resume();
        store.experiments().markResumed(id, Instant.now());
        List<Trial> waiting = book.releaseHeld();
        event(null, Kind.EXPERIMENT_RESUMED, EventWording.resumed(waiting.size()));
        for (Trial t : waiting) {
            if (t.status() == TrialStatus.PAUSED) {
                t.status(TrialStatus.QUEUED);
                store.trials().markQueued(t.id);
                event(t.id, Kind.TRIAL_RESUMED, EventWording.trialResumes(t, store.trials().checkpoint(t.id).orElse(null)));
            }
            dispatch(t);
        }
        startWallClock();
        reply.accept(ControlReply.accepted(id, ExperimentStatus.RUNNING.name()));
        advance();
    }

    /** Stops one trial: queued, it never starts; running, after its current epoch. It keeps what it recorded. */
    void stopTrial(String trialId, Consumer<ControlReply> reply) {
        Trial t = book.get(trialId).orElse(null);
        if (t == null) {
            reply.accept(ControlReply.notFound(trialId, EventWording.notPartOf(trialId, id)));
            return;
        }
        if (!t.active()) {
            reply.accept(ControlReply.conflict(t.id, EventWording.alreadyEnded(t)));
            return;
        }
        flushResults();
        event(t.id, Kind.TRIAL_DECISION, EventWording.stopRequested(t));
        if (!t.out()) {
            t.stop(StopReason.REQUEST, EventWording.STOPPED_BY_REQUEST);
            reply.accept(ControlReply.accepted(t.id, TrialStatus.STOPPED.name()));
            endUnstarted(t);
            advance();
            return;
        }
        recall(List.of(t), StopReason.REQUEST, EventWording.STOPPED_BY_REQUEST);
        reply.accept(ControlReply.accepted(t.id, "STOPPING"));
    }

    private void startWallClock() {
        budget.timeLeft(() -> store.experiments().clock(id).runningMillis(Instant.now())).ifPresent(outside::startWallClock);
    }

    /** The wall-clock budget ran out: nothing new starts, queued trials are cancelled, running ones stop after their epoch. */
    void wallClockSpent() {
        if (budget.spent() || budget.paused()) {
            return;
        }
        flushResults();
        budget.spend();
        String message = EventWording.budgetSpent(budget.wallClockSeconds());
        event(null, Kind.EXPERIMENT_LIMIT, EventWording.limitReached(budget.wallClockSeconds()));
        List<Trial> out = new ArrayList<>();
        for (Trial t : book.all()) {
            if (!t.active()) {
                continue;
            }
            if (t.out()) {
                out.add(t);
            } else {
                t.stop(StopReason.LIMIT, message);
                endUnstarted(t);
            }
        }
        // Every attempt out at once: a slot stopping one of them could otherwise be handed a queued sibling meanwhile.
        recall(out, StopReason.LIMIT, message);
        finishIfDone();
    }

    void cancel() {
        flushResults();
        cancelActive(EventWording.TRIAL_OF_CANCELLED);
        store.experiments().updateStatus(id, ExperimentStatus.CANCELLED, EventWording.CANCELLED_BY_REQUEST);
        event(null, Kind.EXPERIMENT_CANCELLED, EventWording.CANCELLED_BY_REQUEST);
        finish();
    }

    // ---- endings ----------------------------------------------------------------------------

    private void finishIfDone() {
        if (failure != null) {
            fail(failure);
            return;
        }
        boolean nothingLeft = budget.spent() || plan.exhausted();
        if (!nothingLeft || book.anyActive()) {
            return;
        }
        List<Trial> sweep = book.swept();
        long succeeded = sweep.stream().filter(t -> t.status() == TrialStatus.COMPLETED || t.status() == TrialStatus.STOPPED).count();
        List<String> errors = sweep.stream().filter(t -> t.status() == TrialStatus.FAILED)
                .map(t -> "trial " + t.number + ": " + store.trials().find(t.id).map(TrialView::message).orElse("?")).toList();
        long seconds = budget.wallClockSeconds();
        if (succeeded == 0) {
            fail(budget.spent() ? EventWording.budgetSpentBeforeAnyTrial(seconds)
                    : sweep.isEmpty() ? EventWording.noTrialProposed() : EventWording.allTrialsFailed(sweep.size(), errors.getFirst()));
            return;
        }
        String summary = Standing.of(store.trials().ofExperiment(id), spec.objective().mode()).summary(spec.objective().metric());
        String message = EventWording.completed(summary, errors.size(), budget.spent(), seconds);
        store.experiments().updateStatus(id, ExperimentStatus.COMPLETED, message);
        event(null, Kind.EXPERIMENT_COMPLETED, message);
        finish();
    }

    private void fail(String reason) {
        cancelActive(EventWording.TRIAL_OF_FAILED);
        store.experiments().updateStatus(id, ExperimentStatus.FAILED, reason);
        event(null, Kind.EXPERIMENT_FAILED, reason);
        finish();
    }

    private void cancelActive(String message) {
        for (Trial t : book.all()) {
            if (t.active()) {
                t.status(TrialStatus.CANCELLED);
                store.trials().markFinished(t.id, TrialStatus.CANCELLED, t.lastObjective(), null, null, message);
            }
        }
    }

    private void finish() {
        flushResults();
        over = true;
    }

    // ---- recording --------------------------------------------------------------------------

    /** Records an event now, after any results still waiting, so the stream keeps its order. */
    private void event(String trialId, Kind type, String message) {
        results.event(EventLog.draft(id, trialId, type, message, null, null));
        flushResults();
    }

    /** Writes what waits in the batcher, in one transaction. */
    void flushResults() {
        if (results.isEmpty()) {
            return;
        }
        outside.cancelFlush();
        ResultBatcher.Batch batch = results.drain();
        deps.events().recordBatch(batch.steps(), batch.events());
    }
}
