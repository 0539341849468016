package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.schedule.TrialDecision;
import org.transferlab.orchestrator.store.Database;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.TestStores;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * An experiment's flow without an actor system: a real store (H2 in a temporary directory), and
 * the world outside (supervisor, timers) written down by {@link Recorded}.
 */
class ExperimentRunTest {

    static final String SWEEP = """
            name: plain
            kind: synthetic
            seed: 1
            train: {epochs: 2}
            limits: {maxRetries: 1, wallClockSeconds: %d}
            search:
              algorithm: grid
              trials: %d
              maxConcurrent: %d
              space:
                x: {type: choice, values: [0.1, 0.2, 0.3]}
            """;

    /** What the run asked of the world outside. */
    static final class Recorded implements ExperimentRun.Outside {
        final List<WorkItem> enqueued = new ArrayList<>();
        final List<List<String>> stops = new ArrayList<>();
        final List<Duration> wallClocks = new ArrayList<>();
        int wallClockCancels;
        int forgets;
        boolean flushTimer;

        @Override
        public void enqueue(WorkItem work) {
            enqueued.add(work);
        }

        @Override
        public void stopWork(List<String> workIds, String reason) {
            stops.add(workIds);
        }

        @Override
        public void forgetWork() {
            forgets++;
        }

        @Override
        public void startWallClock(Duration after) {
            wallClocks.add(after);
        }

        @Override
        public void cancelWallClock() {
            wallClockCancels++;
        }

        @Override
        public void scheduleFlush(Duration after) {
            flushTimer = true;
        }

        @Override
        public boolean flushScheduled() {
            return flushTimer;
        }

        @Override
        public void cancelFlush() {
            flushTimer = false;
        }
    }

    @TempDir
    Path dataDir;
    Database database;
    LabStore store;
    ExperimentContext deps;
    final Recorded outside = new Recorded();

    @BeforeEach
    void open() {
        database = TestStores.open("", 2, dataDir);
        store = new LabStore(database);
        deps = new ExperimentContext(store, new EventLog(store), CompletableFuture.completedFuture("http://127.0.0.1:1/api/artifacts"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    ExperimentRun started(int wallClockSeconds, int trials, int maxConcurrent) {
        ExperimentRun run = new ExperimentRun("exp", SpecCodec.parse(SWEEP.formatted(wallClockSeconds, trials, maxConcurrent)), deps, outside);
        assertEquals(trials, run.record().plannedTrials());
        run.start();
        return run;
    }

    TrialDecision progress(ExperimentRun run, WorkItem work, int epoch, double accuracy) {
        List<TrialDecision> decisions = new ArrayList<>();
        run.progress(new ReportProgress(work.workId(), "a", epoch, Map.of("val_accuracy", accuracy), epoch, null), decisions::add);
        assertEquals(1, decisions.size(), "every report is answered once");
        return decisions.getFirst();
    }

    List<String> kinds() {
        return store.events().after("exp", 0, 1000).stream().map(e -> e.kind().wire()).toList();
    }

    ExperimentView experiment() {
        return store.experiments().find("exp").orElseThrow();
    }

    @Test
    void a_sweep_runs_to_completion_from_reports_alone_and_batches_its_epochs() {
        ExperimentRun run = started(0, 2, 1);
        assertEquals(List.of(), outside.wallClocks, "no budget, no timer");
        WorkItem first = outside.enqueued.getFirst();
        assertEquals(1, outside.enqueued.size(), "maxConcurrent 1");
        run.workStarted(first.workId(), "a (cpu)", false);
        assertFalse(progress(run, first, 1, 0.3).stop());
        assertTrue(outside.flushTimer, "the epoch waits for the flush timer");
        assertEquals(0, store.metrics().recordedSteps(first.trialId()).cardinality());
        run.flushResults();
        assertEquals(1, store.metrics().recordedSteps(first.trialId()).cardinality());
        assertFalse(progress(run, first, 2, 0.4).stop());
        run.completed(first.workId(), new WorkResult(Map.of("val_accuracy", 0.4), Map.of(), false));
        assertEquals(2, store.metrics().recordedSteps(first.trialId()).cardinality(), "the end flushes the epochs before it");

        WorkItem second = outside.enqueued.get(1);
        assertNotEquals(first.trialId(), second.trialId());
        run.workStarted(second.workId(), "a (cpu)", false);
        progress(run, second, 1, 0.6);
        assertFalse(run.over());
        run.completed(second.workId(), new WorkResult(Map.of("val_accuracy", 0.6), Map.of(), false));

        assertTrue(run.over());
        assertEquals(ExperimentStatus.COMPLETED, experiment().status());
        assertEquals(List.of("experiment.started", "trial.queued", "trial.started", "trial.metrics", "trial.metrics", "trial.completed",
                "trial.queued", "trial.started", "trial.metrics", "trial.completed", "experiment.completed"), kinds());
    }

    @Test
    void pause_takes_every_attempt_back_in_one_request_and_resume_hands_the_held_trials_out_again() {
        ExperimentRun run = started(60, 3, 2);
        assertEquals(1, outside.wallClocks.size());
        WorkItem running = outside.enqueued.get(0);
        WorkItem queued = outside.enqueued.get(1);
        run.workStarted(running.workId(), "a (cpu)", false);

        List<ControlReply> replies = new ArrayList<>();
        run.pause(replies::add);
        run.pause(replies::add);
        assertEquals(List.of(ControlReply.Outcome.ACCEPTED, ControlReply.Outcome.CONFLICT), replies.stream().map(ControlReply::outcome).toList());
        assertEquals(List.of(List.of(running.workId(), queued.workId())), outside.stops, "one request for both attempts");
        assertEquals(1, outside.wallClockCancels, "paused time does not count");
        assertTrue(progress(run, running, 1, 0.3).stop(), "the running trial stops after its epoch");

        run.workWithdrawn(queued.workId());
        run.completed(running.workId(), new WorkResult(Map.of("val_accuracy", 0.3), Map.of("checkpoint", "ckpt-1"), true));
        assertEquals(TrialStatus.PAUSED, store.trials().find(running.trialId()).orElseThrow().status());
        assertEquals("ckpt-1", store.trials().checkpoint(running.trialId()).orElseThrow());
        assertEquals(2, outside.enqueued.size(), "nothing is handed out while paused");

        replies.clear();
        run.resume(replies::add);
        assertEquals(ExperimentStatus.RUNNING.name(), replies.getFirst().status());
        assertEquals(List.of(queued.trialId(), running.trialId()), outside.enqueued.subList(2, 4).stream().map(WorkItem::trialId).toList(),
                "held trials go out again in the order they began to wait");
        assertEquals("ckpt-1", outside.enqueued.get(3).resumeFrom());
        assertEquals(2, outside.wallClocks.size(), "the budget's clock runs again");
    }

    @Test
    void a_spent_budget_stops_what_is_out_in_one_request_and_the_experiment_completes_with_what_finished() {
        ExperimentRun run = started(60, 3, 2);
        WorkItem running = outside.enqueued.get(0);
        WorkItem queued = outside.enqueued.get(1);
        run.workStarted(running.workId(), "a (cpu)", false);
        progress(run, running, 1, 0.3);

        run.wallClockSpent();
        run.wallClockSpent();
        assertEquals(List.of(List.of(running.workId(), queued.workId())), outside.stops, "spent once, one request");
        run.workWithdrawn(queued.workId());
        assertEquals(TrialStatus.CANCELLED, store.trials().find(queued.trialId()).orElseThrow().status());
        run.completed(running.workId(), new WorkResult(Map.of("val_accuracy", 0.3), Map.of(), true));

        assertTrue(run.over());
        assertEquals(2, outside.enqueued.size(), "no trial starts after the budget is spent");
        TrialView stopped = store.trials().find(running.trialId()).orElseThrow();
        assertEquals(TrialStatus.STOPPED, stopped.status());
        assertEquals("wall-clock budget of 60 s spent", stopped.message());
        assertEquals(ExperimentStatus.COMPLETED, experiment().status());
        assertTrue(experiment().message().endsWith("; wall-clock budget of 60 s reached"), experiment().message());
    }

    @Test
    void a_failed_attempt_is_retried_and_after_max_retries_the_trial_and_the_experiment_fail_saying_why() {
        ExperimentRun run = started(0, 1, 1);
        WorkItem first = outside.enqueued.getFirst();
        run.workStarted(first.workId(), "a (cpu)", false);
        run.failed(first.workId(), "boom");
        assertEquals(2, outside.enqueued.size(), "retried");
        WorkItem retry = outside.enqueued.get(1);
        assertEquals(first.trialId(), retry.trialId());
        run.failed(first.workId(), "a late report of the old attempt is ignored");
        run.workStarted(retry.workId(), "a (cpu)", false);
        run.failed(retry.workId(), "boom");

        assertTrue(run.over());
        assertEquals("boom (failed 2 times; limits.maxRetries is 1)", store.trials().find(first.trialId()).orElseThrow().message());
        assertEquals(ExperimentStatus.FAILED, experiment().status());
        assertEquals("all 1 trials failed; first error: trial 0: boom (failed 2 times; limits.maxRetries is 1)", experiment().message());
        LabEvent retried = store.events().after("exp", 0, 1000).stream().filter(e -> e.kind().wire().equals("trial.retried")).findFirst().orElseThrow();
        assertEquals("attempt 1 failed: boom; retry 1 of 1 from the start", retried.message());
    }
}
