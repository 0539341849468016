package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.transferlab.client.LabApiException;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.TrialView;

/**
 * A two-objective sweep through the whole standalone lab (port 0, synthetic trials, whose final
 * result reports a size that grows with x while accuracy peaks at x = 0.3): the workers' params
 * reach the stored trials, the API serves the front, {@code tlab show} lists it, and the dashboard's
 * compare view draws it in a real browser with the front highlighted and listed.
 */
class ParetoLabTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    static final String SPEC = """
            name: size-vs-accuracy
            kind: synthetic
            seed: 4
            train: {epochs: 2}
            objective:
              metrics:
                - {metric: val_accuracy, mode: max}
                - {metric: params, mode: min}
            search:
              algorithm: tpe
              trials: 14
              maxConcurrent: 2
              space:
                x: {type: uniform, min: -1.0, max: 1.0}
                y: {type: uniform, min: -1.0, max: 1.0}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2).withDashboard().completing(SPEC, WAIT);

    @Test
    void the_api_serves_a_front_no_trial_dominates_with_the_workers_reported_size() {
        List<TrialView> trials = lab.api().trials(lab.experimentId());
        assertEquals(14, trials.size());
        for (TrialView t : trials) {
            double x = ((Number) t.params().get("x")).doubleValue();
            assertEquals(Math.round(1000 * Math.exp(x)), t.lastMetrics().get("params"), 1e-9, "trial #" + t.number() + " params");
        }
        LabApiException unknown = org.junit.jupiter.api.Assertions.assertThrows(LabApiException.class, () -> lab.api().pareto("exp-none"));
        assertEquals(404, unknown.status());
        ParetoFront pareto = lab.api().pareto(lab.experimentId());
        assertEquals(List.of("val_accuracy", "params"), pareto.objectives().stream().map(g -> g.metric()).toList());
        assertEquals(14, pareto.points().size());
        List<ParetoFront.Point> front = pareto.front();
        assertFalse(front.isEmpty());
        for (ParetoFront.Point f : front) {
            for (ParetoFront.Point p : pareto.points()) {
                boolean dominates = p.values().get(0) >= f.values().get(0) && p.values().get(1) <= f.values().get(1)
                        && (p.values().get(0) > f.values().get(0) || p.values().get(1) < f.values().get(1));
                assertFalse(dominates, "#" + p.number() + " dominates front point #" + f.number());
            }
        }
        for (ParetoFront.Point p : pareto.points()) {
            if (!p.onFront()) {
                assertTrue(front.stream().anyMatch(f -> f.values().get(0) >= p.values().get(0) && f.values().get(1) <= p.values().get(1)),
                        "dominated #" + p.number() + " has a dominator on the front");
            }
        }
    }

    @Test
    void tlab_show_lists_the_front() {
        String shown = lab.tlab("show", lab.experimentId(), "--api", lab.apiUrl());
        int size = lab.api().pareto(lab.experimentId()).front().size();
        assertTrue(shown.contains("objective: max val_accuracy (first of 2)"), shown);
        assertTrue(shown.contains("Pareto front (max val_accuracy, min params): " + size + " of 14 trials"), shown);
        for (ParetoFront.Point p : lab.api().pareto(lab.experimentId()).front()) {
            assertTrue(shown.lines().anyMatch(l -> l.startsWith("#" + p.number() + " ")), "front trial #" + p.number() + " listed:\n" + shown);
        }
    }

    @Test
    void the_compare_view_draws_the_front_highlighted_and_lists_its_trials() {
        BrowserSupport.assumeAvailable();
        try (BrowserSupport.Browser browser = BrowserSupport.start(1400, 1000)) {
            ParetoFront pareto = lab.api().pareto(lab.experimentId());
            browser.driver().get(lab.dashboardUrl() + "compare?e=" + lab.experimentId());
            browser.waitUpTo(WAIT).until(d -> "line,scatter".equals(browser.script(
                    "const e = document.getElementById('compare-pareto'); return e ? e.dataset.types : null;")));
            assertEquals(String.valueOf(pareto.points().size()), browser.script("return document.getElementById('compare-pareto').dataset.points"));
            Object frontPoints = browser.script("return document.getElementById('compare-pareto').__chart.getOption().series[0].data.length");
            assertEquals(pareto.front().size(), ((Number) frontPoints).intValue());
            browser.waitUpTo(WAIT).until(d -> browser.gridCells("pareto-grid").contains("#" + pareto.front().getFirst().number()));
            Set<String> listed = browser.gridCells("pareto-grid").stream().filter(c -> c.startsWith("#")).collect(Collectors.toSet());
            assertEquals(pareto.front().stream().map(p -> "#" + p.number()).collect(Collectors.toSet()), listed);
            assertTrue(browser.text("pareto-summary").contains(pareto.front().size() + " of 14 trials on the front"), browser.text("pareto-summary"));
            browser.screenshot(Path.of("target", "screenshots", "pareto.png"));
        }
    }
}
