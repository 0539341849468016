package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * The store's behaviour on both databases it supports: the embedded H2 file database and a real
 * PostgreSQL server ({@link PostgresServer}, skipped with a message where PostgreSQL is not
 * installed). Same migrations, same SQL, same answers.
 */
class LabStoreTest extends OnBothDatabases {

    LabStore open(Backend backend) {
        String url = newDatabase(backend);
        db = TestStores.open(url, 2, dataDir);
        assertTrue(db.url().startsWith(backend == Backend.H2 ? "jdbc:h2:" : "jdbc:postgresql:"), db.url());
        return new LabStore(db);
    }

    static ExperimentSpec spec() {
        return SpecCodec.parse("""
                name: store-test
                kind: synthetic
                search:
                  trials: 3
                  space:
                    x: {type: uniform, min: 0, max: 1}
                objective:
                  metric: val_accuracy
                  mode: max
                """);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void experiments_round_trip_with_status_and_the_best_trial(Backend backend) {
        LabStore store = open(backend);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.experiments().insert("exp-1", spec(), 3, created);
        assertEquals(List.of("exp-1"), store.experiments().unfinishedIds());
        store.trials().insert("exp-1-t1", "exp-1", 1, TrialStage.FINETUNE, Map.of("learningRate", 0.01), null, Map.of());
        store.trials().insert("exp-1-t2", "exp-1", 2, TrialStage.FINETUNE, Map.of("learningRate", 0.001), null, Map.of());
        store.trials().markFinished("exp-1-t1", TrialStatus.COMPLETED, 0.7, null, "ckpt-1", null);
        store.trials().markFinished("exp-1-t2", TrialStatus.COMPLETED, 0.9, null, null, null);
        store.experiments().updateStatus("exp-1", ExperimentStatus.RUNNING, null);

        ExperimentView view = store.experiments().find("exp-1").orElseThrow();
        assertEquals("store-test", view.name());
        assertEquals(ExperimentStatus.RUNNING, view.status());
        assertEquals(created, view.createdAt());
        assertEquals(2, view.trialsDone());
        assertEquals(0.9, view.bestValue());
        assertEquals("exp-1-t2", view.bestTrialId());
        assertEquals("store-test", view.spec().name());

        store.experiments().updateStatus("exp-1", ExperimentStatus.COMPLETED, "done");
        assertTrue(store.experiments().unfinishedIds().isEmpty());
        assertEquals(List.of("exp-1"), store.experiments().list().stream().map(ExperimentView::id).toList());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void an_exact_tie_between_a_baseline_and_a_method_trial_makes_the_method_trial_the_best(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-tie", spec(), 2, Instant.now());
        store.trials().insert("exp-tie-t1", "exp-tie", 1, TrialStage.FROM_SCRATCH, Map.of(), null, Map.of());
        store.trials().insert("exp-tie-t2", "exp-tie", 2, TrialStage.FINETUNE, Map.of("learningRate", 0.01), null, Map.of());
        store.trials().markFinished("exp-tie-t1", TrialStatus.COMPLETED, 0.8, null, null, null);
        store.trials().markFinished("exp-tie-t2", TrialStatus.COMPLETED, 0.8, null, null, null);
        assertEquals("exp-tie-t2", store.experiments().find("exp-tie").orElseThrow().bestTrialId(),
                "the baseline came first but did not beat the method");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void trials_keep_params_slot_attempts_and_checkpoint_across_a_requeue(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-2", spec(), 3, Instant.now());
        store.trials().insert("exp-2-t1", "exp-2", 1, TrialStage.FINETUNE, Map.of("learningRate", 0.01, "frozenLayers", 1), null, Map.of());
        store.trials().markStarted("exp-2-t1", "slot-0@a (cpu)");
        store.trials().recordCheckpoint("exp-2-t1", "art-3");
        store.trials().markQueued("exp-2-t1");
        store.trials().markStarted("exp-2-t1", "slot-0@b (cpu)");

        TrialView t = store.trials().find("exp-2-t1").orElseThrow();
        assertEquals(TrialStatus.RUNNING, t.status());
        assertEquals("slot-0@b (cpu)", t.slot());
        assertEquals(0.01, ((Number) t.params().get("learningRate")).doubleValue());
        assertEquals(1, ((Number) t.params().get("frozenLayers")).intValue());
        assertNotNull(t.startedAt());
        assertEquals("art-3", store.trials().checkpoint("exp-2-t1").orElseThrow());
        assertTrue(store.trials().checkpoint("no-such-trial").isEmpty());

        store.trials().markFinished("exp-2-t1", TrialStatus.FAILED, null, null, null, "boom");
        TrialView failed = store.trials().ofExperiment("exp-2").getFirst();
        assertEquals(TrialStatus.FAILED, failed.status());
        assertNull(failed.objective());
        assertEquals("art-3", store.trials().checkpoint("exp-2-t1").orElseThrow(), "a failure keeps the last checkpoint");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_repeated_epoch_is_not_counted_twice(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-3", spec(), 1, Instant.now());
        store.trials().insert("exp-3-t1", "exp-3", 1, TrialStage.FINETUNE, Map.of(), null, Map.of());
        store.recordResults(List.of(new StepMetrics("exp-3-t1", 1, Map.of("loss", 1.5, "val_accuracy", 0.4), 1000)), List.of());
        store.recordResults(List.of(new StepMetrics("exp-3-t1", 2, Map.of("loss", 1.1, "val_accuracy", 0.6), 2000)), List.of());
        List<MetricPoint> before = store.metrics().ofTrial("exp-3-t1");
        // the epoch a resumed trial repeats after its checkpoint: the first report stays, nothing changes
        store.recordResults(List.of(new StepMetrics("exp-3-t1", 2, Map.of("loss", 9.9, "val_accuracy", 0.0), 3000)), List.of());
        assertEquals(before, store.metrics().ofTrial("exp-3-t1"));

        List<MetricPoint> points = store.metrics().ofTrial("exp-3-t1");
        assertEquals(4, points.size());
        assertEquals(0.6, points.stream().filter(p -> p.step() == 2 && p.name().equals("val_accuracy")).findFirst().orElseThrow().value());
        assertEquals(points, store.metrics().ofExperiment("exp-3"));
        TrialView t = store.trials().find("exp-3-t1").orElseThrow();
        assertEquals(2, t.epochs());
        assertEquals(0.6, t.lastMetrics().get("val_accuracy"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void in_a_batch_mixing_a_repeated_step_with_new_ones_only_the_new_steps_move_their_trials_latest_values(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-9", spec(), 2, Instant.now());
        store.trials().insert("exp-9-t1", "exp-9", 1, TrialStage.FINETUNE, Map.of(), null, Map.of());
        store.trials().insert("exp-9-t2", "exp-9", 2, TrialStage.FINETUNE, Map.of(), null, Map.of());
        store.recordResults(List.of(new StepMetrics("exp-9-t1", 1, Map.of("loss", 1.0, "val_accuracy", 0.1), 1000),
                new StepMetrics("exp-9-t1", 2, Map.of("loss", 0.5, "val_accuracy", 0.2), 2000)), List.of());
        // one batch: t1's step 2 again (its two rows are not written), then t2's new step (one row) and a step without values
        store.recordResults(List.of(new StepMetrics("exp-9-t1", 2, Map.of("loss", 9.0, "val_accuracy", 0.9), 3000),
                new StepMetrics("exp-9-t2", 1, Map.of("val_accuracy", 0.3), 3000),
                new StepMetrics("exp-9-t2", 2, Map.of(), 4000)), List.of());

        TrialView t1 = store.trials().find("exp-9-t1").orElseThrow();
        assertEquals(2, t1.epochs());
        assertEquals(Map.of("loss", 0.5, "val_accuracy", 0.2), t1.lastMetrics(), "the repeated step changes nothing");
        TrialView t2 = store.trials().find("exp-9-t2").orElseThrow();
        assertEquals(2, t2.epochs(), "a step without values still counts as reported");
        assertEquals(1, store.metrics().ofTrial("exp-9-t2").size());
        assertEquals(4, store.metrics().ofTrial("exp-9-t1").size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void events_get_increasing_sequence_numbers_and_replay_after_one(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-4", spec(), 1, Instant.now());
        LabEvent first = store.events().append(new LabEvent(0, "exp-4", null, LabEvent.Kind.EXPERIMENT_STARTED, 10, "go", null, null));
        LabEvent second = store.events().append(new LabEvent(0, "exp-4", "exp-4-t1", LabEvent.Kind.TRIAL_METRICS, 20, null, 1, Map.of("loss", 0.5)));
        store.events().append(new LabEvent(0, null, null, LabEvent.Kind.STAGE_COMPLETED, 30, "other", null, null));
        assertTrue(second.seq() > first.seq());

        List<LabEvent> replay = store.events().after("exp-4", first.seq(), 100);
        assertEquals(List.of(second), replay);
        assertEquals(3, store.events().after(null, 0, 100).size());
        assertEquals(1, store.events().after(null, 0, 1).size(), "limit");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void artifacts_are_listed_per_experiment(Backend backend) {
        LabStore store = open(backend);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ArtifactRecord body = new ArtifactRecord("art-1", "exp-5", "body", "a".repeat(64), 1234, at);
        store.artifacts().insert(body);
        store.artifacts().insert(new ArtifactRecord("art-2", "exp-6", "model", "b".repeat(64), 99, at.plusMillis(1)));
        assertEquals(body, store.artifacts().find("art-1").orElseThrow());
        assertEquals(List.of(body), store.artifacts().ofExperiment("exp-5"));
        assertTrue(store.artifacts().find("art-9").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void reopening_a_migrated_store_keeps_its_data(Backend backend) {
        LabStore store = open(backend);
        store.experiments().insert("exp-7", spec(), 1, Instant.now());
        String url = db.url();
        db.close();
        db = TestStores.open(backend == Backend.H2 ? "" : url, 1, dataDir);
        assertEquals("store-test", new LabStore(db).experiments().find("exp-7").orElseThrow().name());
    }
}
