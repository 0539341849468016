package org.transferlab.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.transferlab.client.compare.ComparedTrials;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** {@code tlab compare --chart}: the legend tells the lines apart by their parameters, and x starts at the first epoch. */
class CompareChartTest {

    @Test
    void legend_names_the_differing_parameters_and_the_x_axis_starts_at_the_first_step() {
        ExperimentView e = new ExperimentView("e1", "sweep", "finetune", ExperimentStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH,
                "val_accuracy", "max", 2, 2, 0, 0.9, "t1", null, null);
        List<TrialView> trials = new ArrayList<>();
        List<MetricPoint> points = new ArrayList<>();
        double[] rates = {0.000923, 0.003};
        for (int i = 0; i < 2; i++) {
            TrialView t = new TrialView("t" + i, "e1", i + 1, TrialStage.FINETUNE, TrialStatus.COMPLETED,
                    Map.of("learningRate", rates[i], "batchSize", 16), "s", 5, Map.of(), 0.8 + i * 0.05, null, null, null);
            trials.add(t);
            for (int epoch = 1; epoch <= 15; epoch++) {
                points.add(new MetricPoint(t.id(), epoch, "val_accuracy", 0.5 + 0.02 * epoch + 0.01 * i, 0));
            }
        }
        ComparedTrials data = new ComparedTrials();
        data.add(e, trials, points);
        List<CurvePlot.Line> lines = data.rows().stream()
                .map(r -> new CurvePlot.Line(data.legend(r), data.curve(r, "val_accuracy"))).toList();
        assertEquals("sweep #1 learningRate=0.000923", lines.get(0).name(), "the constant batchSize is left out");
        String svg = new CurvePlot("val_accuracy per epoch", "epoch", "val_accuracy", lines).svg();
        assertTrue(svg.contains(">sweep #2 learningRate=0.003</text>"), svg);

        // the x tick labels sit below the plot, all at one y (the y axis labels each have their own):
        // the first is the first epoch, not a rounded-down 0, and the axis ends at the last epoch
        Matcher text = Pattern.compile("<text x='[-0-9.]+' y='([-0-9.]+)'[^>]*>([^<]+)</text>").matcher(svg);
        Map<String, List<String>> numbersByY = new java.util.TreeMap<>(java.util.Comparator.comparingDouble(Double::parseDouble));
        while (text.find()) {
            if (text.group(2).matches("-?[0-9.]+")) {
                numbersByY.computeIfAbsent(text.group(1), y -> new ArrayList<>()).add(text.group(2));
            }
        }
        List<String> labels = numbersByY.values().stream().filter(l -> l.size() > 2).reduce((a, b) -> b).orElse(List.of());
        assertFalse(labels.isEmpty(), svg);
        assertEquals("1", labels.getFirst(), "x starts at epoch 1: " + labels);
        assertFalse(labels.contains("0"), labels.toString());
        assertEquals("15", labels.getLast(), "and ends at the last epoch: " + labels);
    }

    @Test
    void the_legend_names_twelve_lines_and_counts_the_rest() {
        List<CurvePlot.Line> lines = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            lines.add(new CurvePlot.Line("sweep #" + i, List.of(new double[] {1, 0.1 * i}, new double[] {2, 0.1 * i + 0.05})));
        }
        String svg = new CurvePlot("loss per epoch", "epoch", "loss", lines).svg();
        assertTrue(svg.contains(">sweep #12</text>"), svg);
        assertFalse(svg.contains(">sweep #13</text>"), "only the first twelve are named");
        assertTrue(svg.contains(">+ 2 more</text>"), svg);
        assertTrue(svg.startsWith("<svg"), svg.substring(0, 80));
    }
}
