package org.transferlab.dashboard.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.transferlab.protocol.Json;

/**
 * ECharts options for the dashboard's charts, built as JSON on the server. Animation is off: charts
 * are redrawn with fresh data a few times a second and should not wobble.
 */
public final class Charts {

    /** A named line or point set, {@code [x, y]} each. */
    public record Series(String name, List<double[]> points) {}

    /** One axis of a parallel-coordinates chart: numeric, or categorical with its values. */
    public record Axis(String name, List<String> categories) {
        public boolean categorical() {
            return categories != null;
        }
    }

    /** One bar of a span chart (a stage on the timeline): from and to in epoch milliseconds. */
    public record Span(String name, long from, long to, boolean running) {}

    /** Series above this count hide the legend, which would otherwise take the whole chart. */
    private static final int LEGEND_LIMIT = 24;

    private Charts() {}

    private static ObjectNode base(String title) {
        ObjectNode option = Json.mapper().createObjectNode();
        option.put("animation", false);
        option.putObject("title").put("text", title).put("left", "center").putObject("textStyle").put("fontSize", 14);
        option.putObject("grid").put("left", 70).put("right", 40).put("top", 45).put("bottom", 70);
        return option;
    }

    /**
     * A value axis on the left whose name, above the axis, starts at the axis and runs into the chart:
     * centred on the axis (ECharts' default) a long name such as "val_accuracy (sweep trials)" ran off
     * the canvas on the left.
     */
    private static ObjectNode yAxis(ObjectNode option, String name) {
        ObjectNode y = option.putObject("yAxis").put("type", "value").put("name", name);
        y.putObject("nameTextStyle").put("align", "left");
        return y;
    }

    /** Lines over epochs (learning curves); hundreds of series stay fast (no symbols, no legend). */
    public static String lines(String title, String xName, String yName, List<Series> series) {
        return lines(title, xName, yName, series, false);
    }

    /**
     * The same on a logarithmic y axis, for positive values that span decades (learning rates, whose
     * small values lie flat along zero on a linear axis).
     */
    public static String logLines(String title, String xName, String yName, List<Series> series) {
        return lines(title, xName, yName, series, true);
    }

    private static String lines(String title, String xName, String yName, List<Series> series, boolean logY) {
        ObjectNode option = base(title);
        option.putObject("tooltip").put("trigger", series.size() > LEGEND_LIMIT ? "item" : "axis");
        if (series.size() <= LEGEND_LIMIT) {
            option.putObject("legend").put("type", "scroll").put("bottom", 0);
        }
        ObjectNode x = option.putObject("xAxis").put("type", "value").put("name", xName).put("nameLocation", "middle")
                .put("nameGap", 25).put("scale", true);
        if (xName.equals("epoch")) {
            x.put("minInterval", 1);
        }
        ObjectNode y = yAxis(option, yName).put("scale", true);
        if (logY) {
            y.put("type", "log");
        }
        ArrayNode out = option.putArray("series");
        for (Series s : series) {
            ObjectNode line = out.addObject().put("name", s.name()).put("type", "line")
                    .put("showSymbol", series.size() <= LEGEND_LIMIT).put("sampling", "lttb");
            points(line.putArray("data"), s.points());
        }
        return option.toString();
    }

    /** Points of one or more groups; {@code xCategories} non-null makes x categorical (x = index). */
    public static String scatter(String title, String xName, String yName, List<String> xCategories, List<Series> series) {
        ObjectNode option = base(title);
        option.putObject("tooltip").put("trigger", "item");
        if (series.size() > 1) {
            option.putObject("legend").put("bottom", 0);
        }
        ObjectNode x = option.putObject("xAxis").put("name", xName).put("nameLocation", "middle").put("nameGap", 25);
        if (xCategories != null) {
            x.put("type", "category");
            ArrayNode data = x.putArray("data");
            xCategories.forEach(data::add);
        } else {
            x.put("type", "value").put("scale", true);
        }
        yAxis(option, yName).put("scale", true);
        ArrayNode out = option.putArray("series");
        for (Series s : series) {
            ObjectNode points = out.addObject().put("name", s.name()).put("type", "scatter").put("symbolSize", 9);
            points(points.putArray("data"), s.points());
        }
        return option.toString();
    }

    /**
     * A trial on the front, drawn at (x, y) with its label (e.g. {@code #3 +3.0 pts}); {@code twin}
     * is where its twin (its baseline run on its terms) lies, or null when it has none.
     */
    public record FrontPoint(double x, double y, String label, double[] twin) {}

    /** One experiment's front (in the order the step line joins it) and its dominated trials. */
    public record ParetoSeries(String name, List<FrontPoint> front, List<double[]> dominated) {}

    /**
     * A Pareto scatter: per experiment its front then its dominated trials. Front points are large
     * and joined by a step line in the series' order; dominated ones small and faded, so the front
     * stands out. Where front points have twins, each experiment then adds its twins (hollow
     * circles, named {@code <experiment> · <twinName>}) and the gains: an arrow from each twin to
     * its point ({@code <experiment> · gain}), and every front point is labelled with its gain.
     */
    public static String paretoScatter(String title, String xName, String yName, List<ParetoSeries> experiments, String twinName) {
        ObjectNode option = base(title);
        option.putObject("tooltip").put("trigger", "item");
        option.putObject("legend").put("bottom", 0);
        option.putObject("xAxis").put("name", xName).put("nameLocation", "middle").put("nameGap", 25).put("type", "value").put("scale", true);
        yAxis(option, yName).put("scale", true);
        ArrayNode out = option.putArray("series");
        for (ParetoSeries e : experiments) {
            boolean twins = e.front().stream().anyMatch(p -> p.twin() != null);
            ObjectNode front = out.addObject().put("name", e.name() + " · front").put("type", "line").put("step", "end")
                    .put("symbolSize", 12).put("symbol", "diamond");
            front.putObject("label").put("show", twins).put("position", "top").put("formatter", "{b}");
            ArrayNode data = front.putArray("data");
            for (FrontPoint p : e.front()) {
                ObjectNode item = data.addObject().put("name", p.label());
                item.putArray("value").add(p.x()).add(p.y());
            }
            ObjectNode dominated = out.addObject().put("name", e.name() + " · dominated").put("type", "scatter").put("symbolSize", 7);
            dominated.putObject("itemStyle").put("opacity", 0.45);
            points(dominated.putArray("data"), e.dominated());
        }
        for (ParetoSeries e : experiments) {
            List<FrontPoint> paired = e.front().stream().filter(p -> p.twin() != null).toList();
            if (paired.isEmpty()) {
                continue;
            }
            ObjectNode twins = out.addObject().put("name", e.name() + " · " + twinName).put("type", "scatter")
                    .put("symbol", "emptyCircle").put("symbolSize", 11);
            ArrayNode twinData = twins.putArray("data");
            paired.forEach(p -> twinData.addObject().put("name", "twin of " + p.label()).putArray("value").add(p.twin()[0]).add(p.twin()[1]));
            ObjectNode gains = out.addObject().put("name", e.name() + " · gain").put("type", "lines")
                    .put("coordinateSystem", "cartesian2d");
            gains.putArray("symbol").add("none").add("arrow");
            gains.putObject("lineStyle").put("type", "dashed").put("width", 1.5);
            ArrayNode links = gains.putArray("data");
            for (FrontPoint p : paired) {
                ObjectNode link = links.addObject().put("name", p.label());
                ArrayNode coords = link.putArray("coords");
                coords.addArray().add(p.twin()[0]).add(p.twin()[1]);
                coords.addArray().add(p.x()).add(p.y());
            }
        }
        return option.toString();
    }

    /** One bar per category. */
    public static String bars(String title, String yName, List<String> categories, List<Double> values) {
        ObjectNode option = base(title);
        option.putObject("tooltip").put("trigger", "axis");
        ArrayNode cats = option.putObject("xAxis").put("type", "category").putArray("data");
        categories.forEach(cats::add);
        // a bar's height is its value: the axis starts at zero (a scaled axis made the smallest bar vanish)
        ObjectNode y = yAxis(option, yName);
        if (values.stream().allMatch(v -> v == null || v >= 0)) {
            y.put("min", 0);
        }
        ObjectNode bar = option.putArray("series").addObject().put("type", "bar").put("barMaxWidth", 60);
        bar.putObject("label").put("show", true).put("position", "top");
        ArrayNode bars = bar.putArray("data");
        for (Double v : values) {
            if (v == null) {
                bars.addNull();
            } else {
                bars.add(Math.round(v * 10_000) / 10_000.0);
            }
        }
        return option.toString();
    }

    /** Horizontal importance bars, largest on top. */
    public static String importance(String title, List<String> names, List<Double> shares) {
        ObjectNode option = base(title);
        option.putObject("grid").put("left", 140).put("right", 40).put("top", 45).put("bottom", 50);
        option.putObject("tooltip").put("trigger", "axis");
        // the axis name under the axis: at its end it ran off the canvas on the right
        option.putObject("xAxis").put("type", "value").put("max", 1).put("name", "share of variance")
                .put("nameLocation", "middle").put("nameGap", 25);
        ArrayNode cats = option.putObject("yAxis").put("type", "category").put("inverse", true).putArray("data");
        names.forEach(cats::add);
        ArrayNode data = option.putArray("series").addObject().put("type", "bar").putArray("data");
        shares.forEach(v -> data.add(Math.round(v * 1000) / 1000.0));
        return option.toString();
    }

    /**
     * Parallel coordinates, one line per row, coloured by the last axis (the objective). Dragging
     * along any axis brushes: lines outside the selected range fade.
     */
    public static String parallel(String title, List<Axis> axes, List<List<Object>> rows, double min, double max) {
        ObjectNode option = base(title);
        option.putObject("parallel").put("left", 60).put("right", 90).put("top", 60).put("bottom", 40)
                .putObject("parallelAxisDefault").put("nameLocation", "end").put("nameGap", 12);
        ArrayNode axisList = option.putArray("parallelAxis");
        for (int i = 0; i < axes.size(); i++) {
            Axis a = axes.get(i);
            ObjectNode axis = axisList.addObject().put("dim", i).put("name", a.name())
                    .put("realtime", true);
            axis.putObject("areaSelectStyle").put("width", 18).put("opacity", 0.3);
            if (a.categorical()) {
                ArrayNode data = axis.put("type", "category").putArray("data");
                a.categories().forEach(data::add);
            } else {
                axis.put("type", "value").put("scale", true);
            }
        }
        ObjectNode visual = option.putObject("visualMap").put("type", "continuous").put("dimension", axes.size() - 1)
                .put("min", min).put("max", max == min ? min + 1e-9 : max).put("right", 0).put("top", "middle")
                .put("calculable", true).put("precision", legendPrecision(min, max));
        visual.putObject("inRange").putArray("color").add("#d94e5d").add("#eac736").add("#50a3ba");
        ObjectNode series = option.putArray("series").addObject().put("type", "parallel").put("name", "trials")
                .put("smooth", false).put("progressive", 500).put("inactiveOpacity", 0.05).put("activeOpacity", 1);
        series.putObject("lineStyle").put("width", 1.5).put("opacity", 0.6);
        ArrayNode data = series.putArray("data");
        for (List<Object> row : rows) {
            ArrayNode r = data.addArray();
            for (Object v : row) {
                if (v instanceof Number n) {
                    r.add(n.doubleValue());
                } else {
                    r.add(String.valueOf(v));
                }
            }
        }
        return option.toString();
    }

    /** A matrix as a heat map, row 0 at the top; values outside [0, 1] are clamped in colour only. */
    public static String heatmap(String title, double[][] values) {
        ObjectNode option = base(title);
        option.putObject("tooltip").put("position", "top");
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        ArrayNode xs = option.putObject("xAxis").put("type", "category").put("name", "column")
                .put("nameLocation", "middle").put("nameGap", 25).putArray("data");
        for (int c = 0; c < cols; c++) {
            xs.add(Integer.toString(c));
        }
        ArrayNode ys = option.putObject("yAxis").put("type", "category").put("name", "row").put("inverse", true).putArray("data");
        for (int r = 0; r < rows; r++) {
            ys.add(Integer.toString(r));
        }
        option.putObject("visualMap").put("min", 0).put("max", 1).put("calculable", true).put("orient", "horizontal")
                .put("left", "center").put("bottom", 0).putObject("inRange").putArray("color").add("#f7fbff").add("#08306b");
        ArrayNode data = option.putArray("series").addObject().put("type", "heatmap").put("name", title).putArray("data");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                data.addArray().add(c).add(r).add(Math.round(values[r][c] * 10_000) / 10_000.0);
            }
        }
        return option.toString();
    }

    /** Stages as bars on a shared axis of seconds since the first stage began: the stage timeline of an experiment. */
    public static String timeline(String title, List<Span> spans) {
        ObjectNode option = base(title);
        option.putObject("grid").put("left", 90).put("right", 40).put("top", 40).put("bottom", 45);
        option.putObject("tooltip").put("trigger", "item");
        option.putObject("xAxis").put("type", "value").put("name", "seconds since start").put("nameLocation", "middle")
                .put("nameGap", 25);
        ArrayNode cats = option.putObject("yAxis").put("type", "category").put("inverse", true).putArray("data");
        spans.forEach(s -> cats.add(s.name()));
        long origin = spans.stream().mapToLong(Span::from).min().orElse(0);
        ArrayNode series = option.putArray("series");
        // a transparent bar up to the stage's start, then the stage's own bar: ECharts' stacked-bar Gantt idiom
        ObjectNode hidden = series.addObject().put("type", "bar").put("stack", "t").put("silent", true);
        hidden.putObject("itemStyle").put("color", "transparent");
        ArrayNode start = hidden.putArray("data");
        ObjectNode shown = series.addObject().put("type", "bar").put("stack", "t").put("name", "stage");
        ArrayNode length = shown.putArray("data");
        for (Span s : spans) {
            start.add((s.from() - origin) / 1000.0);
            length.addObject().put("value", Math.max(0.1, (s.to() - s.from()) / 1000.0))
                    .putObject("itemStyle").put("color", s.running() ? "#f0a030" : "#3a7bd5");
        }
        return option.toString();
    }

    /** Decimals that tell the colour legend's ends apart: 0.85 and 0.95 must not both read "1". */
    static int legendPrecision(double min, double max) {
        double span = Math.abs(max - min);
        if (span == 0 || !Double.isFinite(span)) {
            return 4;
        }
        return Math.max(0, Math.min(6, 2 - (int) Math.floor(Math.log10(span))));
    }

    private static void points(ArrayNode data, List<double[]> points) {
        for (double[] p : points) {
            data.addArray().add(p[0]).add(p[1]);
        }
    }
}
