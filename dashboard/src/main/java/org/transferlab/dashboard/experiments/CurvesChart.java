package org.transferlab.dashboard.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import java.util.List;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.protocol.Json;

/**
 * A line chart, one series per trial, drawn in the browser by ECharts. The library is loaded at run
 * time from the WebJar (not bundled), and the chart waits for it before its first draw; every
 * {@link #show} replaces the whole option, which is small for the few dozen trials of a sweep.
 */
final class CurvesChart extends Div {

    /** One line: its label and its {@code [x, y]} points. */
    record Series(String name, List<double[]> points) {}

    private static final String DRAW = """
            const el = $0, option = JSON.parse($1);
            const draw = () => {
              if (!window.echarts) { setTimeout(draw, 50); return; }
              if (!el.__chart) {
                el.__chart = window.echarts.init(el);
                new ResizeObserver(() => el.__chart.resize()).observe(el);
              }
              el.__chart.setOption(option, true);
              el.dataset.series = String(option.series.length);
              el.dataset.points = String(option.series.reduce((n, s) => n + s.data.length, 0));
            };
            draw();
            """;

    private String lastOption;

    CurvesChart() {
        setId("curves-chart");
        setWidthFull();
        setHeight("360px");
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        attachEvent.getUI().getPage().addJavaScript(DashboardServer.ECHARTS_PATH);
        lastOption = null; // a re-attached element has a fresh DOM node with no chart yet
    }

    void show(String metric, List<Series> series) {
        ObjectNode option = Json.mapper().createObjectNode();
        option.put("animation", false);
        option.putObject("title").put("text", metric).put("left", "center").putObject("textStyle").put("fontSize", 14);
        option.putObject("tooltip").put("trigger", "axis");
        option.putObject("legend").put("type", "scroll").put("bottom", 0);
        option.putObject("grid").put("left", 60).put("right", 30).put("top", 40).put("bottom", 70);
        option.putObject("xAxis").put("type", "value").put("name", "epoch").put("nameLocation", "middle")
                .put("nameGap", 25).put("minInterval", 1);
        option.putObject("yAxis").put("type", "value").put("name", metric).put("scale", true);
        ArrayNode lines = option.putArray("series");
        for (Series s : series) {
            ObjectNode line = lines.addObject().put("name", s.name()).put("type", "line").put("showSymbol", true);
            ArrayNode data = line.putArray("data");
            for (double[] p : s.points()) {
                data.addArray().add(p[0]).add(p[1]);
            }
        }
        String json = option.toString();
        if (!json.equals(lastOption)) {
            lastOption = json;
            getElement().executeJs(DRAW, getElement(), json);
        }
    }
}
