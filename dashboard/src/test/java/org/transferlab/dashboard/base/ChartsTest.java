package org.transferlab.dashboard.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;

/**
 * The charts' axis names stay on the canvas: a name above a value axis runs from the axis into the
 * chart (centred on the axis, "val_accuracy (sweep trials)" lost its first letters on the left), and
 * a name at the right end of an x axis moved under the axis (there "share of variance" and "column"
 * were cut at the right edge). Seen on the README's screenshots of real runs.
 */
class ChartsTest {

    private static JsonNode option(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void value_axis_names_run_from_the_axis_into_the_chart() throws Exception {
        Map<String, String> charts = Map.of(
                "lines", Charts.lines("curves", "epoch", "val_accuracy (sweep trials)", List.of()),
                "scatter", Charts.scatter("against", "frozenLayers", "val_accuracy", List.of("0", "1"), List.of()),
                "bars", Charts.bars("best", "val_accuracy", List.of("teacher"), List.of(0.95)));
        for (var chart : charts.entrySet()) {
            assertEquals("left", option(chart.getValue()).path("yAxis").path("nameTextStyle").path("align").asText(),
                    chart.getKey() + ": " + chart.getValue());
        }
    }

    @Test
    void x_axis_names_sit_under_the_axis_not_past_its_end() throws Exception {
        Map<String, String> charts = Map.of(
                "importance", Charts.importance("importance", List.of("learningRate"), List.of(0.4)),
                "heatmap", Charts.heatmap("guide", new double[][] {{0.1, 0.9}}));
        for (var chart : charts.entrySet()) {
            JsonNode x = option(chart.getValue()).path("xAxis");
            assertEquals("middle", x.path("nameLocation").asText(), chart.getKey() + ": " + chart.getValue());
            assertEquals(25, x.path("nameGap").asInt(), chart.getKey());
        }
    }

    @Test
    void learning_rates_over_epochs_draw_on_a_log_axis_and_curves_on_a_linear_one() throws Exception {
        List<Charts.Series> rates = List.of(new Charts.Series("trial 1", List.of(new double[] {1, 0.0003}, new double[] {12, 0.0003})),
                new Charts.Series("trial 2", List.of(new double[] {1, 0.04}, new double[] {12, 0.04})));
        JsonNode log = option(Charts.logLines("learningRate over epochs", "epoch", "learningRate", rates));
        assertEquals("log", log.path("yAxis").path("type").asText(), log.toString());
        assertEquals(2, log.path("series").size());
        assertEquals("value", option(Charts.lines("curves", "epoch", "val_accuracy", rates)).path("yAxis").path("type").asText());
    }
}
