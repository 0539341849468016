package org.transferlab.orchestrator.experiment.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * A distillation sweep over the student's width as a plain plan: every distilled student gets a
 * from-scratch twin of its width and seed (one per width and seed, however many temperatures), the
 * twins are queued automatically beside the students, and a plan restored from the store mid-sweep
 * neither queues a recorded twin again nor leaves a student without one.
 */
class StudentWidthPlanTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: widths
            kind: distillation
            seed: 7
            data: {dataset: mnist, targetClasses: [0, 1, 2]}
            model: {type: mlp, hidden: [32]}
            objective:
              metrics:
                - {metric: val_accuracy, mode: max}
                - {metric: params, mode: min}
            search:
              algorithm: grid
              trials: 6
              repeats: 2
              maxConcurrent: 2
              space:
                width: {type: choice, values: [0.5, 1, 2.0]}
                temperature: {type: choice, values: [2.0, 4.0]}
            """).withDefaults();

    private static Plan plan() {
        return Plan.create(SPEC, SearchStrategy.create(SPEC.search(), SPEC.objective(), SPEC.seed()));
    }

    /** The parameters as the store gives them back: written to JSON and read again (a long seed comes back an int). */
    private static Map<String, Object> stored(Map<String, Object> params) {
        try {
            return Json.mapper().readValue(Json.mapper().writeValueAsString(params), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a student's twin must keep: its parameters without the distillation ones, numbers by value. */
    private static Map<String, Double> terms(Map<String, Object> params) {
        Map<String, Double> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!DistillationPlan.DISTILLATION_PARAMS.contains(k)) {
                out.put(k, ((Number) v).doubleValue());
            }
        });
        return out;
    }

    /** Runs the plan two at a time as the experiment actor would, until {@code limit} sweep trials were queued. */
    private static List<TrialRequest> run(Plan plan, int limit, List<TrialRecord> recorded) {
        List<TrialRequest> queued = new ArrayList<>();
        while (queued.size() < limit) {
            List<TrialRequest> next = plan.next(2);
            if (next.isEmpty()) {
                break;
            }
            for (TrialRequest r : next) {
                queued.add(r);
                TrialRecord done = new TrialRecord(r.stage(), r.params(), r.configuration(), TrialStatus.COMPLETED, 0.9, Map.of(),
                        List.of(0.9, 100.0), null);
                plan.onEnded(done);
                recorded.add(done);
            }
        }
        return queued;
    }

    private static TrialRecord teacherDone(Plan plan) {
        TrialRequest teacher = plan.next(2).getFirst();
        TrialRecord done = new TrialRecord(teacher.stage(), teacher.params(), null, TrialStatus.COMPLETED, 0.95, Map.of("teacher", "t-1"));
        plan.onEnded(done);
        return done;
    }

    /** Every student has exactly one twin among the requests, with its width and seed, and no twin is queued twice. */
    private static void assertPaired(List<TrialRequest> all) {
        List<TrialRequest> students = all.stream().filter(r -> r.stage() == TrialStage.STUDENT).toList();
        List<TrialRequest> twins = all.stream().filter(r -> r.stage() == TrialStage.SCRATCH).toList();
        assertEquals(12, students.size(), "3 widths x 2 temperatures x 2 seeds");
        Set<Map<String, Double>> twinTerms = new HashSet<>();
        twins.forEach(t -> assertTrue(twinTerms.add(terms(t.params())), "twin queued twice: " + t.params()));
        assertEquals(6, twins.size(), "one twin per width and seed");
        for (TrialRequest s : students) {
            assertTrue(twinTerms.contains(terms(s.params())), "student " + s.params() + " has its twin");
            assertEquals(Set.of("width", "seed"), terms(s.params()).keySet());
        }
        twins.forEach(t -> assertEquals(Map.of(), t.inputs(), "a twin learns without the teacher"));
    }

    @Test
    void each_width_and_seed_gets_one_scratch_twin_queued_beside_its_students() {
        Plan plan = plan();
        teacherDone(plan);
        List<TrialRequest> all = run(plan, 100, new ArrayList<>());
        assertPaired(all);
        assertTrue(plan.exhausted());
        assertEquals(18, plan.plannedTrials());
        // a twin follows the first student of its width and seed, under that student's configuration
        for (TrialRequest twin : all.stream().filter(r -> r.stage() == TrialStage.SCRATCH).toList()) {
            TrialRequest first = all.stream().filter(r -> r.stage() == TrialStage.STUDENT && terms(r.params()).equals(terms(twin.params())))
                    .findFirst().orElseThrow();
            assertEquals(first.configuration(), twin.configuration());
            assertTrue(all.indexOf(twin) > all.indexOf(first));
            // the twin trains the student's network: same width in its config, no teacher
            TrialConfig twinConfig = TrialSeeds.config(SPEC, TrialStage.SCRATCH, twin.params(), 9);
            TrialConfig studentConfig = TrialSeeds.config(SPEC, TrialStage.STUDENT, first.params(), 3);
            assertEquals(studentConfig.network(SPEC.model()), twinConfig.network(SPEC.model()));
            assertEquals(studentConfig.seed(), twinConfig.seed(), "paired by seed");
            assertEquals(studentConfig.epochs(), twinConfig.epochs(), "same budget");
        }
    }

    @Test
    void a_plan_restored_mid_sweep_queues_the_missing_twins_and_none_twice() {
        Plan original = plan();
        List<TrialRecord> recorded = new ArrayList<>();
        recorded.add(teacherDone(original));
        List<TrialRequest> before = run(original, 7, recorded);
        assertTrue(before.stream().anyMatch(r -> r.stage() == TrialStage.SCRATCH), "some twins ran before the restart");

        Plan restored = plan();
        for (TrialRecord t : recorded) {
            restored.restore(new TrialRecord(t.stage(), stored(t.params()), t.configuration(), t.status(), t.objective(), t.outputs(),
                    t.objectives(), null));
        }
        restored.afterRestore();
        List<TrialRequest> after = run(restored, 100, new ArrayList<>());
        List<TrialRequest> all = new ArrayList<>(before);
        all.addAll(after);
        assertPaired(all);
        assertTrue(restored.exhausted());
    }
}
