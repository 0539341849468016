package org.transferlab.dashboard.base;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;

/**
 * A chart drawn in the browser by ECharts from an option object (JSON). The library is loaded at
 * run time from the WebJar (see {@link DashboardServer#ECHARTS_PATH}); the chart waits for it before
 * its first draw. An unchanged option is not sent again. After each draw the element carries
 * {@code data-series}, {@code data-points} and {@code data-types} (series types), which tests read.
 */
public class EChart extends Div {

    private static final String DRAW = """
            const el = $0, option = JSON.parse($1);
            const draw = () => {
              if (!window.echarts) { setTimeout(draw, 50); return; }
              if (!el.__chart) {
                el.__chart = window.echarts.init(el);
                new ResizeObserver(() => el.__chart.resize()).observe(el);
              }
              el.__chart.setOption(option, true);
              const series = option.series || [];
              el.dataset.series = String(series.length);
              el.dataset.points = String(series.reduce((n, s) => n + (s.data ? s.data.length : 0), 0));
              el.dataset.types = series.map(s => s.type).join(',');
            };
            draw();
            """;

    private String lastOption;

    public EChart(String id, String height) {
        setId(id);
        setWidthFull();
        setHeight(height);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        attachEvent.getUI().getPage().addJavaScript(DashboardServer.ECHARTS_PATH);
        if (lastOption != null) {
            String option = lastOption;
            lastOption = null; // a re-attached element has a fresh DOM node with no chart yet
            show(option);
        }
    }

    /** Draws the chart from an ECharts option in JSON; call on the UI thread. */
    public void show(String optionJson) {
        if (!optionJson.equals(lastOption)) {
            lastOption = optionJson;
            getElement().executeJs(DRAW, getElement(), optionJson);
        }
    }
}
