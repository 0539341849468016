package org.transferlab.orchestrator.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.schedule.TrialScheduler;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.spec.ExperimentKind;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Runs one experiment's plan. A fine-tune sweep has two stages: {@code pretrain} (trial 0, once)
 * whose {@code body} artifact every sweep trial loads, then the sweep (trials 1..n) proposed by the
 * searcher with at most {@code maxConcurrent} in flight.
 *
 * <p>Runs on the store dispatcher and writes to the store synchronously: the store is the source of
 * truth, and on restart {@link #create} rebuilds this actor from it (search replayed in trial
 * order, unfinished trials queued again from their last checkpoint).
 */
public final class ExperimentActor extends AbstractBehavior<ExperimentActor.Command> {

    public sealed interface Command {}

    public record WorkStarted(String workId, String slot) implements Command {}

    public record Progress(ReportProgress report) implements Command {}

    public record Completed(ReportCompleted report) implements Command {}

    public record Failed(ReportFailed report) implements Command {}

    /** The slot running this work vanished; queue it again. */
    public record WorkLost(String workId, String reason) implements Command {}

    public record Cancel(ActorRef<Boolean> replyTo) implements Command {}

    /** The running work published a resumable checkpoint. */
    public record Checkpointed(String workId, int epoch, String artifactId) implements Command {}

    private static final String PRETRAIN = "pretrain";
    private static final String SWEEP = "finetune";

    /** What the actor knows of one trial. */
    private static final class Trial {
        final String id;
        final int number;
        final String stage;
        final Map<String, Object> params;
        TrialStatus status = TrialStatus.QUEUED;
        String workId;
        int attempts;
        Double lastObjective;

        Trial(String id, int number, String stage, Map<String, Object> params) {
            this.id = id;
            this.number = number;
            this.stage = stage;
            this.params = params;
        }
    }

    private final String id;
    private final ExperimentSpec spec;
    private final ExperimentContext deps;
    private final ActorRef<ToOrchestrator> supervisor;
    private final SearchStrategy search;
    private final TrialScheduler scheduler;
    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final Map<String, Trial> byWork = new HashMap<>();
    private String bodyArtifact;
    private int nextNumber = 1;
    private boolean searchExhausted;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param spec the submitted spec, or null to restore experiment {@code id} from the store
     * @param replyTo told once the experiment is recorded (null on restore)
     */
    public static Behavior<Command> create(String id, ExperimentSpec spec, ExperimentContext deps,
            ActorRef<ToOrchestrator> supervisor, ActorRef<SubmitResult> replyTo) {
        return Behaviors.setup(context -> {
            ExperimentSpec effective = spec != null ? spec
                    : deps.store().experiment(id).map(ExperimentView::spec).orElseThrow(
                            () -> new IllegalStateException("experiment " + id + " is not in the store"));
            ExperimentActor actor = new ExperimentActor(context, id, effective, deps, supervisor);
            return spec != null ? actor.begin(replyTo) : actor.restore();
        });
    }

    private ExperimentActor(ActorContext<Command> context, String id, ExperimentSpec spec, ExperimentContext deps,
            ActorRef<ToOrchestrator> supervisor) {
        super(context);
        this.id = id;
        this.spec = spec;
        this.deps = deps;
        this.supervisor = supervisor;
        this.search = SearchStrategy.create(spec.search(), spec.objective(), spec.seed());
        this.scheduler = TrialScheduler.create(spec.scheduler(), spec.objective());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkStarted.class, this::onWorkStarted)
                .onMessage(Progress.class, this::onProgress)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(WorkLost.class, this::onWorkLost)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(Checkpointed.class, this::onCheckpointed)
                .build();
    }

    // ---- lifecycle --------------------------------------------------------------------------

    private Behavior<Command> begin(ActorRef<SubmitResult> replyTo) {
        deps.store().insertExperiment(id, spec, search.plannedTrials(), Instant.now());
        if (replyTo != null) {
            replyTo.tell(new SubmitResult(id, spec.name(), search.plannedTrials()));
        }
        deps.store().updateExperimentStatus(id, ExperimentStatus.RUNNING, null);
        deps.events().record(id, null, "experiment.started",
                spec.kind().wire() + " experiment '" + spec.name() + "' with " + search.plannedTrials() + " trials");
        if (spec.kind() == ExperimentKind.SYNTHETIC) {
            fillSweep();
        } else {
            Trial pretrain = newTrial(0, PRETRAIN, Map.of());
            enqueue(pretrain, StageKind.PRETRAIN, null);
        }
        return this;
    }

    private Behavior<Command> restore() {
        List<TrialView> recorded = deps.store().trials(id);
        for (TrialView t : recorded) {
            Trial trial = new Trial(t.id(), t.number(), t.stage(), t.params());
            trial.status = t.status();
            trial.lastObjective = t.objective();
            trials.put(t.id(), trial);
            if (t.stage().equals(SWEEP)) {
                // Replaying proposals keeps the seeded searcher's state identical to before the restart.
                search.next();
                nextNumber = Math.max(nextNumber, t.number() + 1);
                if (t.status().terminal()) {
                    search.observe(t.params(), t.objective());
                }
            }
            if (t.stage().equals(PRETRAIN) && t.status() == TrialStatus.COMPLETED) {
                bodyArtifact = deps.store().checkpoint(t.id()).orElse(null);
            }
        }
        deps.events().record(id, null, "experiment.restored",
                "restored after an orchestrator restart with " + recorded.size() + " recorded trials");
        for (Trial t : trials.values()) {
            if (!t.status.terminal()) {
                StageKind kind = t.stage.equals(PRETRAIN) ? StageKind.PRETRAIN : stageOfSweep();
                String resume = deps.store().checkpoint(t.id).orElse(null);
                deps.store().markTrialQueued(t.id);
                t.status = TrialStatus.QUEUED;
                enqueue(t, kind, kind == StageKind.PRETRAIN ? null : resume);
            }
        }
        if (bodyArtifact != null || spec.kind() == ExperimentKind.SYNTHETIC) {
            fillSweep();
        }
        return finishIfDone();
    }

    private StageKind stageOfSweep() {
        return spec.kind() == ExperimentKind.SYNTHETIC ? StageKind.SYNTHETIC : StageKind.FINETUNE;
    }

    // ---- work -------------------------------------------------------------------------------

    private Trial newTrial(int number, String stage, Map<String, Object> params) {
        String trialId = id + "-t" + number;
        Trial t = new Trial(trialId, number, stage, params);
        trials.put(trialId, t);
        deps.store().insertTrial(trialId, id, number, stage, params);
        deps.events().record(id, trialId, "trial.queued",
                stage.equals(PRETRAIN) ? "pretrain stage queued" : "trial " + number + " queued with " + params);
        return t;
    }

    private void enqueue(Trial t, StageKind stage, String resumeFrom) {
        t.attempts++;
        t.workId = t.id + "-a" + t.attempts + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        byWork.put(t.workId, t);
        Map<String, String> inputs = bodyArtifact == null ? Map.of() : Map.of("body", bodyArtifact);
        WorkItem work = new WorkItem(t.workId, id, t.id, stage, spec, t.params, inputs, resumeFrom, deps.artifactBaseUrl());
        supervisor.tell(new Supervisor.Enqueue(work, getContext().getSelf()));
    }

    /** Proposes sweep trials until the concurrency limit or the budget is reached. */
    private void fillSweep() {
        while (!searchExhausted && activeSweepTrials() < spec.search().maxConcurrent()) {
            Optional<Map<String, Object>> next = search.next();
            if (next.isEmpty()) {
                searchExhausted = true;
                break;
            }
            Trial t = newTrial(nextNumber++, SWEEP, next.get());
            enqueue(t, stageOfSweep(), null);
        }
    }

    private long activeSweepTrials() {
        return trials.values().stream().filter(t -> t.stage.equals(SWEEP) && !t.status.terminal()).count();
    }

    private Behavior<Command> onWorkStarted(WorkStarted m) {
        Trial t = byWork.get(m.workId());
        if (t != null && !t.status.terminal()) {
            t.status = TrialStatus.RUNNING;
            deps.store().markTrialStarted(t.id, m.slot());
            deps.events().record(id, t.id, "trial.started", "attempt " + t.attempts + " on " + m.slot());
        }
        return this;
    }

    private Behavior<Command> onProgress(Progress m) {
        ReportProgress r = m.report();
        Trial t = byWork.get(r.workId());
        if (t == null || t.status.terminal()) {
            r.replyTo().tell(new Decision(r.workId(), true, "trial is no longer running"));
            return this;
        }
        boolean fresh = deps.store().recordMetrics(t.id, r.epoch(), r.metrics(), r.time());
        TrialDecision decision = TrialDecision.CONTINUE;
        Double objective = r.metrics().get(spec.objective().metric());
        if (objective != null) {
            t.lastObjective = objective;
            if (t.stage.equals(SWEEP)) {
                decision = scheduler.onResult(t.id, r.epoch(), objective);
            }
        }
        if (fresh) {
            deps.events().record(id, t.id, "trial.metrics", null, r.epoch(), r.metrics());
        }
        r.replyTo().tell(new Decision(r.workId(), decision.stop(), decision.reason()));
        if (decision.stop()) {
            deps.events().record(id, t.id, "trial.decision", "stop after epoch " + r.epoch() + ": " + decision.reason());
        }
        return this;
    }

    private Behavior<Command> onCheckpointed(Checkpointed m) {
        Trial t = byWork.get(m.workId());
        if (t != null && !t.status.terminal()) {
            deps.store().recordCheckpoint(t.id, m.artifactId());
        }
        return this;
    }

    private Behavior<Command> onCompleted(Completed m) {
        Trial t = byWork.remove(m.report().workId());
        if (t == null || t.status.terminal()) {
            return this;
        }
        WorkResult result = m.report().result();
        Double objective = Optional.ofNullable(result.finalMetrics().get(spec.objective().metric())).orElse(t.lastObjective);
        t.status = result.stoppedEarly() ? TrialStatus.STOPPED : TrialStatus.COMPLETED;
        t.lastObjective = objective;
        if (t.stage.equals(PRETRAIN)) {
            bodyArtifact = result.artifacts().get("body");
            deps.store().markTrialFinished(t.id, t.status, objective, bodyArtifact, null);
            deps.events().record(id, t.id, "trial.completed", "pretrain finished, body artifact " + bodyArtifact);
            if (bodyArtifact == null) {
                return fail("the pretrain stage finished without publishing a body artifact");
            }
            deps.events().record(id, null, "stage.completed", "pretrain");
        } else {
            String checkpoint = result.artifacts().getOrDefault("model", null);
            deps.store().markTrialFinished(t.id, t.status, objective, checkpoint, null);
            scheduler.onTrialEnd(t.id);
            search.observe(t.params, objective);
            deps.events().record(id, t.id, t.status == TrialStatus.STOPPED ? "trial.stopped" : "trial.completed",
                    "trial " + t.number + " " + spec.objective().metric() + "=" + format(objective));
        }
        fillSweep();
        return finishIfDone();
    }

    private Behavior<Command> onFailed(Failed m) {
        Trial t = byWork.remove(m.report().workId());
        if (t == null || t.status.terminal()) {
            return this;
        }
        t.status = TrialStatus.FAILED;
        String error = m.report().error();
        deps.store().markTrialFinished(t.id, TrialStatus.FAILED, null, null, error);
        deps.events().record(id, t.id, "trial.failed", error);
        if (t.stage.equals(PRETRAIN)) {
            return fail("the pretrain stage failed: " + error);
        }
        failures.add("trial " + t.number + ": " + error);
        scheduler.onTrialEnd(t.id);
        search.observe(t.params, null);
        fillSweep();
        return finishIfDone();
    }

    private Behavior<Command> onWorkLost(WorkLost m) {
        Trial t = byWork.remove(m.workId());
        if (t == null || t.status.terminal()) {
            return this;
        }
        t.status = TrialStatus.QUEUED;
        deps.store().markTrialQueued(t.id);
        String resume = t.stage.equals(PRETRAIN) ? null : deps.store().checkpoint(t.id).orElse(null);
        deps.events().record(id, t.id, "trial.requeued", m.reason()
                + (resume == null ? "; restarting from scratch" : "; resuming from checkpoint " + resume));
        enqueue(t, t.stage.equals(PRETRAIN) ? StageKind.PRETRAIN : stageOfSweep(), resume);
        return this;
    }

    private Behavior<Command> onCancel(Cancel m) {
        for (Trial t : trials.values()) {
            if (!t.status.terminal()) {
                t.status = TrialStatus.CANCELLED;
                deps.store().markTrialFinished(t.id, TrialStatus.CANCELLED, t.lastObjective, null, "experiment cancelled");
            }
        }
        deps.store().updateExperimentStatus(id, ExperimentStatus.CANCELLED, "cancelled by request");
        deps.events().record(id, null, "experiment.cancelled", "cancelled by request");
        m.replyTo().tell(true);
        return end();
    }

    // ---- endings ----------------------------------------------------------------------------

    private Behavior<Command> finishIfDone() {
        boolean pretrainDone = spec.kind() == ExperimentKind.SYNTHETIC || bodyArtifact != null;
        if (!pretrainDone || !searchExhausted || activeSweepTrials() > 0) {
            return this;
        }
        List<Trial> sweep = trials.values().stream().filter(t -> t.stage.equals(SWEEP)).toList();
        long succeeded = sweep.stream().filter(t -> t.status == TrialStatus.COMPLETED || t.status == TrialStatus.STOPPED).count();
        if (succeeded == 0 && !sweep.isEmpty()) {
            return fail("all " + sweep.size() + " trials failed; first error: " + failures.getFirst());
        }
        String summary = deps.store().experiment(id)
                .map(e -> "best " + e.objectiveMetric() + " " + format(e.bestValue()) + " (" + e.bestTrialId() + ")")
                .orElse("done");
        String message = failures.isEmpty() ? summary : summary + "; " + failures.size() + " trial(s) failed";
        deps.store().updateExperimentStatus(id, ExperimentStatus.COMPLETED, message);
        deps.events().record(id, null, "experiment.completed", message);
        return end();
    }

    private Behavior<Command> fail(String reason) {
        for (Trial t : trials.values()) {
            if (!t.status.terminal()) {
                t.status = TrialStatus.CANCELLED;
                deps.store().markTrialFinished(t.id, TrialStatus.CANCELLED, t.lastObjective, null, "experiment failed");
            }
        }
        deps.store().updateExperimentStatus(id, ExperimentStatus.FAILED, reason);
        deps.events().record(id, null, "experiment.failed", reason);
        return end();
    }

    private Behavior<Command> end() {
        supervisor.tell(new Supervisor.ExperimentEnded(id));
        return Behaviors.stopped();
    }

    private static String format(Double v) {
        return v == null ? "n/a" : String.format("%.4f", v);
    }
}
