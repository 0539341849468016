package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * A distillation sweep over the student's width through the whole standalone lab, with real DL4J
 * training on the bundled MNIST subset: the teacher, a student per width and each student's
 * from-scratch twin train; the API pairs every student on the front with its twin (same width,
 * seed and size) and serves the gain on validation and test; {@code tlab show} lists the front with
 * the gain; and in a real browser the compare view draws the front with each point's gain and its
 * twin, and the distillation view draws both kinds of student against width.
 */
class WidthParetoLabTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    static final String SPEC = """
            name: width-front
            kind: distillation
            seed: 5
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3], validationPerClass: 20}
            model: {type: mlp, hidden: [16]}
            train: {epochs: 2, batchSize: 32, learningRate: 0.003}
            distill: {teacherHidden: [64], teacherEpochs: 2, teacherDropout: 0.0}
            objective:
              metrics:
                - {metric: val_accuracy, mode: max}
                - {metric: params, mode: min}
            search:
              algorithm: grid
              trials: 3
              maxConcurrent: 2
              space:
                width: {type: choice, values: [0.25, 1.0, 4.0]}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2).withDashboard().completing(SPEC, WAIT);

    private static double width(Map<String, Object> params) {
        return ((Number) params.get("width")).doubleValue();
    }

    @Test
    void every_student_is_paired_with_its_trained_twin_of_the_same_width_and_the_gain_is_theirs() {
        List<TrialView> trials = lab.api().trials(lab.experimentId());
        assertEquals(1 + 3 + 3, trials.size(), "the teacher, a student per width and its twin");
        assertTrue(trials.stream().allMatch(t -> t.status() == TrialStatus.COMPLETED));
        ParetoFront pareto = lab.api().pareto(lab.experimentId());
        assertEquals("student from scratch", pareto.twinName());
        assertEquals(3, pareto.points().size());
        assertFalse(pareto.front().isEmpty());
        for (ParetoFront.Point p : pareto.points()) {
            ParetoFront.Twin twin = p.twin();
            assertNotNull(twin, "student #" + p.number() + " has its twin");
            TrialView twinTrial = trials.stream().filter(t -> t.number() == twin.number()).findFirst().orElseThrow();
            TrialView student = trials.stream().filter(t -> t.number() == p.number()).findFirst().orElseThrow();
            assertEquals(TrialStage.SCRATCH, twinTrial.stage());
            assertEquals(width(student.params()), width(twinTrial.params()), "same width");
            assertEquals(Map.of(), twinTrial.inputs(), "the twin learned without the teacher");
            assertEquals(p.values().get(1), twin.values().get(1), "the twin is the same network: the same reported size");
            assertEquals(student.objective() - twinTrial.objective(), p.gain(), 1e-12);
            ParetoFront.HeldOut test = ParetoFront.heldOut(p, "test_accuracy").orElseThrow();
            assertEquals(student.testMetrics().get("test_accuracy") - twinTrial.testMetrics().get("test_accuracy"), test.gain(), 1e-12);
        }
        // a wider student is a bigger one: size orders the points by width
        List<Double> sizes = pareto.points().stream().sorted(java.util.Comparator.comparingDouble(p -> width(p.params())))
                .map(p -> p.values().get(1)).toList();
        assertTrue(sizes.get(0) < sizes.get(1) && sizes.get(1) < sizes.get(2), sizes.toString());
        assertTrue(pareto.front().stream().anyMatch(p -> width(p.params()) == 0.25), "the smallest student is always on the front");
    }

    @Test
    void tlab_show_lists_the_front_with_each_students_gain_over_its_twin() {
        String shown = lab.tlab("show", lab.experimentId(), "--api", lab.apiUrl());
        ParetoFront pareto = lab.api().pareto(lab.experimentId());
        assertTrue(shown.contains("gain: each trial − its twin, the student from scratch"), shown);
        for (ParetoFront.Point p : pareto.front()) {
            String row = shown.lines().filter(l -> l.startsWith("#" + p.number() + " ")).findFirst().orElseThrow(() -> new AssertionError(shown));
            assertTrue(row.contains(" #" + p.twin().number() + " "), row);
            assertTrue(row.contains(ParetoFront.gainText("val_accuracy", p.gain())), row);
        }
    }

    @Test
    void the_dashboard_draws_the_front_with_each_points_gain_and_its_twin() {
        BrowserSupport.assumeAvailable();
        try (BrowserSupport.Browser browser = BrowserSupport.start(1400, 1100)) {
            ParetoFront pareto = lab.api().pareto(lab.experimentId());
            browser.driver().get(lab.dashboardUrl() + "compare?e=" + lab.experimentId());
            browser.waitUpTo(WAIT).until(d -> "line,scatter,scatter,lines".equals(browser.script(
                    "const e = document.getElementById('compare-pareto'); return e ? e.dataset.types : null;")));
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) browser.script("return document.getElementById('compare-pareto').__chart.getOption()"
                    + ".series[0].data.map(d => d.name)");
            assertEquals(pareto.front().stream().map(p -> "#" + p.number() + " " + ParetoFront.gainText("val_accuracy", p.gain()))
                    .collect(Collectors.toSet()), Set.copyOf(labels), "each front point is labelled with its gain");
            assertEquals(Boolean.TRUE, browser.script("return document.getElementById('compare-pareto').__chart.getOption().series[0].label.show"));
            Object twins = browser.script("return document.getElementById('compare-pareto').__chart.getOption().series[2].data.length");
            assertEquals(pareto.front().size(), ((Number) twins).intValue(), "every front point's twin is drawn");
            Object arrows = browser.script("return document.getElementById('compare-pareto').__chart.getOption().series[3].data.length");
            assertEquals(pareto.front().size(), ((Number) arrows).intValue(), "an arrow from each twin to its student");
            browser.waitUpTo(WAIT).until(d -> browser.gridCells("pareto-grid").contains("#" + pareto.front().getFirst().number()));
            List<String> cells = browser.gridCells("pareto-grid");
            for (ParetoFront.Point p : pareto.front()) {
                assertTrue(cells.contains("#" + p.twin().number()), "twin of #" + p.number() + " listed: " + cells);
                String gain = ParetoFront.gainText("val_accuracy", p.gain());
                assertTrue(cells.stream().anyMatch(c -> c.startsWith(gain + " (val_accuracy")), gain + " listed: " + cells);
                String testGain = ParetoFront.gainText("test_accuracy", ParetoFront.heldOut(p, "test_accuracy").orElseThrow().gain());
                assertTrue(cells.stream().anyMatch(c -> c.startsWith(testGain + " (test_accuracy")), testGain + " listed: " + cells);
            }
            assertTrue(browser.text("pareto-summary").contains(pareto.front().size() + " with their student from scratch"),
                    browser.text("pareto-summary"));
            browser.screenshot(Path.of("target", "screenshots", "width-pareto.png"));

            browser.driver().get(lab.dashboardUrl() + "distillation/" + lab.experimentId());
            browser.waitUpTo(WAIT).until(d -> "2".equals(browser.script(
                    "const e = document.getElementById('distill-width'); return e ? e.dataset.series : null;")));
            assertEquals("6", browser.script("return document.getElementById('distill-width').dataset.points"),
                    "3 widths, distilled and from scratch");
            assertTrue(browser.text("distill-front").contains("Pareto front of the students"), browser.text("distill-front"));
        }
    }
}
