package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;

/**
 * A distillation sweep over the student's width through the real supervisor, experiment actor,
 * store and API, with a probe slot for the worker: each width's student and its from-scratch twin
 * are handed out with the same width and seed, and {@code GET /api/experiments/{id}/pareto} serves
 * the front of students, each with its twin's objectives, the gain on validation and the held-out
 * test figures beside it.
 */
class WidthParetoFlowTest extends OnProbeSlots {

    @Test
    void the_pareto_api_shows_each_student_beside_its_twin_with_the_gain_on_validation_and_test() throws Exception {
        String id = slots.submit("""
                name: width-front
                kind: distillation
                seed: 3
                model: {type: mlp, hidden: [40]}
                objective:
                  metrics:
                    - {metric: val_accuracy, mode: max}
                    - {metric: params, mode: min}
                search:
                  algorithm: grid
                  trials: 3
                  maxConcurrent: 1
                  space:
                    width: {type: choice, values: [0.25, 1.0, 2.0]}
                """);
        // a wider student scores higher and is bigger; distillation adds 3 points on validation, 2 on test
        Map<Double, Double> accuracy = Map.of(0.25, 0.70, 1.0, 0.80, 2.0, 0.78);
        Map<Double, Double> size = Map.of(0.25, 100.0, 1.0, 400.0, 2.0, 800.0);
        ProbeSlot a = slots.slot("a");
        WorkItem teacher = a.take();
        assertEquals(StageKind.TEACHER, teacher.stage());
        assertNull(teacher.config().width(), "the teacher keeps its own network");
        a.complete(teacher, 0.97, Map.of("teacher", "art-teacher"));
        Map<Double, Long> studentSeeds = new HashMap<>();
        Map<Double, Long> twinSeeds = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            WorkItem w = a.take();
            double width = w.config().width();
            boolean distilled = w.inputs().containsKey("teacher");
            (distilled ? studentSeeds : twinSeeds).put(width, w.config().seed());
            double bonus = distilled ? 0.03 : 0.0;
            a.complete(w, Map.of("val_accuracy", accuracy.get(width) + bonus, "params", size.get(width)),
                    Map.of("test_accuracy", accuracy.get(width) + (distilled ? 0.02 : 0.0) - 0.01), Map.of("model", "m-" + i));
        }
        assertEquals(studentSeeds, twinSeeds, "every width's twin ran, on its student's seed");
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);

        ParetoFront pareto = Json.read(lab.get("/api/experiments/" + id + "/pareto").body(), ParetoFront.class);
        assertEquals("student from scratch", pareto.twinName());
        assertEquals(3, pareto.points().size(), "the students alone are placed");
        assertTrue(pareto.points().stream().allMatch(p -> p.stage() == TrialStage.STUDENT));
        assertEquals(List.of(0.25, 1.0), pareto.front().stream().map(p -> ((Number) p.params().get("width")).doubleValue()).toList(),
                "width 2 is bigger and worse than width 1");
        for (ParetoFront.Point p : pareto.points()) {
            double width = ((Number) p.params().get("width")).doubleValue();
            ParetoFront.Twin twin = p.twin();
            assertEquals(TrialStage.SCRATCH, twin.stage());
            assertEquals(List.of(accuracy.get(width), size.get(width)), twin.values());
            assertEquals("val_accuracy", twin.metric());
            assertEquals(0.03, p.gain(), 1e-9, "width " + width);
            assertEquals(1, twin.heldOut().size());
            ParetoFront.HeldOut test = twin.heldOut().getFirst();
            assertEquals("test_accuracy", test.metric());
            assertEquals(0.02, test.gain(), 1e-9);
            assertEquals(accuracy.get(width) - 0.01, test.twin(), 1e-9);
        }
    }
}
