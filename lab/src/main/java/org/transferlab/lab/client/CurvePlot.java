package org.transferlab.lab.client;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The learning-curve chart of {@code tlab compare --chart}: one line per trial, the legend naming each
 * line by the parameters that tell the trials apart (the first {@link #LEGEND_LIMIT}, then "+ N more"),
 * written as SVG or PNG. JFreeChart lays it out and JFreeSVG writes the SVG.
 *
 * <p>Why JFreeChart and not XChart: both were tried on the same two-trial, 15-epoch chart. XChart
 * draws every glyph as an outline path, so its SVG came out at 448 KB with no text a reader can
 * search or copy; JFreeSVG writes {@code <text>} elements and the same chart is 44 KB.
 *
 * <p>The x axis runs from the first step drawn to the last (epoch 1, never a rounded-down 0, which
 * would show an empty stretch no trial trained in); the y axis fits the values, not zero.
 */
public final class CurvePlot {

    /** One trial's curve: its legend entry and its (step, value) points. */
    public record Line(String name, List<double[]> points) {}

    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    static final int LEGEND_LIMIT = 12;
    private static final Color[] PALETTE = Stream.of("#3a7bd5", "#e4572e", "#29a36a", "#f0a030", "#8e44ad", "#17becf",
            "#d62728", "#7f7f7f", "#bcbd22", "#1f3b73", "#ff7f0e", "#2ca02c").map(Color::decode).toArray(Color[]::new);

    private final JFreeChart chart;

    public CurvePlot(String title, String xLabel, String yLabel, List<Line> lines) {
        List<Line> drawn = lines.stream().filter(l -> !l.points().isEmpty()).toList();
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < drawn.size(); i++) {
            // keyed by position: two trials may share a legend text, and JFreeChart needs distinct keys
            XYSeries series = new XYSeries(i, true, false);
            drawn.get(i).points().forEach(p -> series.add(p[0], p[1]));
            data.addSeries(series);
        }

        NumberAxis x = new NumberAxis(xLabel);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        if (data.getSeriesCount() > 0) {
            double first = data.getDomainLowerBound(false);
            double last = data.getDomainUpperBound(false);
            x.setRange(first == last ? first - 0.5 : first, first == last ? last + 0.5 : last);
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        BasicStroke stroke = new BasicStroke(drawn.size() > LEGEND_LIMIT ? 1f : 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        for (int i = 0; i < drawn.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, stroke);
        }

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xf0f0f0));
        plot.setRangeGridlinePaint(new Color(0xe6e6e6));
        plot.setNoDataMessage("no metric points");
        plot.setFixedLegendItems(legend(drawn));

        chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.PLAIN, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(8, 8, 8, 8));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    /** The first {@link #LEGEND_LIMIT} lines by name, then one entry saying how many more are drawn. */
    private static LegendItemCollection legend(List<Line> drawn) {
        LegendItemCollection items = new LegendItemCollection();
        for (int i = 0; i < Math.min(LEGEND_LIMIT, drawn.size()); i++) {
            items.add(new LegendItem(drawn.get(i).name(), null, null, null, new java.awt.geom.Line2D.Double(-12, 0, 12, 0),
                    new BasicStroke(3f), PALETTE[i % PALETTE.length]));
        }
        if (drawn.size() > LEGEND_LIMIT) {
            LegendItem more = new LegendItem("+ " + (drawn.size() - LEGEND_LIMIT) + " more", null, null, null,
                    new Rectangle(0, 0, 0, 0), Color.WHITE);
            more.setShapeVisible(false);
            items.add(more);
        }
        return items;
    }

    /** Writes an SVG or PNG file, chosen by the file's extension. */
    public void write(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new IllegalArgumentException("the chart file must end in .svg or .png, was " + file);
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (name.endsWith(".svg")) {
                Files.writeString(file, svg(), StandardCharsets.UTF_8);
            } else {
                ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The chart as a standalone SVG element, text kept as {@code <text>}. */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement() + "\n";
    }
}
