package org.transferlab.lab.client;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A line chart of learning curves for {@code tlab compare --chart}: one line per trial, axes with
 * rounded ticks, a legend for the first {@link #LEGEND_LIMIT} lines. Drawn once through a small
 * {@link Canvas} so the SVG (written by hand as text) and the PNG (Java2D) come out alike.
 */
public final class CurvePlot {

    record Line(String name, List<double[]> points) {}

    public static final int WIDTH = 960;
    static final int HEIGHT = 540;
    static final int LEGEND_LIMIT = 12;
    private static final int LEFT = 80;
    private static final int RIGHT = 260;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] PALETTE = {"#3a7bd5", "#e4572e", "#29a36a", "#f0a030", "#8e44ad", "#17becf", "#d62728",
        "#7f7f7f", "#bcbd22", "#1f3b73", "#ff7f0e", "#2ca02c"};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Line> lines;

    CurvePlot(String title, String xLabel, String yLabel, List<Line> lines) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.lines = lines.stream().filter(l -> !l.points().isEmpty()).toList();
    }

    /** Writes an SVG or PNG file, chosen by the file's extension. */
    void write(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (name.endsWith(".svg")) {
                Files.writeString(file, svg(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                ImageIO.write(png(), "png", file.toFile());
            } else {
                throw new IllegalArgumentException("the chart file must end in .svg or .png, was " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + file + ": " + e.getMessage(), e);
        }
    }

    String svg() {
        SvgCanvas canvas = new SvgCanvas();
        draw(canvas);
        return canvas.finish();
    }

    BufferedImage png() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        draw(new PngCanvas(g));
        g.dispose();
        return image;
    }

    private void draw(Canvas c) {
        double[] xr = range(0);
        double[] yr = range(1);
        // x starts at the first step drawn (epoch 1, not a rounded-down 0); y keeps rounded ends
        double x0 = xr[0];
        double[] xt = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(x0),
                java.util.Arrays.stream(ticks(xr[0], xr[1])).filter(t -> t > x0)).toArray();
        double[] yt = ticks(yr[0], yr[1]);
        double x1 = Math.max(xr[1], xt[xt.length - 1]);
        double y0 = yt[0];
        double y1 = yt[yt.length - 1];
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (x - x0) / (x1 - x0) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> TOP + plotH - (y - y0) / (y1 - y0) * plotH;

        c.text(WIDTH / 2.0 - RIGHT / 2.0, 28, title, "middle", 16, "#222222");
        for (double t : yt) {
            double y = py.applyAsDouble(t);
            c.line(LEFT, y, LEFT + plotW, y, "#e6e6e6", 1);
            c.text(LEFT - 8, y + 4, label(t), "end", 11, "#444444");
        }
        for (double t : xt) {
            double x = px.applyAsDouble(t);
            c.line(x, TOP, x, TOP + plotH, "#f0f0f0", 1);
            c.text(x, TOP + plotH + 18, label(t), "middle", 11, "#444444");
        }
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333333", 1);
        c.line(LEFT, TOP, LEFT, TOP + plotH, "#333333", 1);
        c.text(LEFT + plotW / 2.0, HEIGHT - 18, xLabel, "middle", 13, "#222222");
        c.text(16, TOP - 14, yLabel, "start", 13, "#222222");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String color = PALETTE[i % PALETTE.length];
            double[] xs = line.points().stream().mapToDouble(p -> px.applyAsDouble(p[0])).toArray();
            double[] ys = line.points().stream().mapToDouble(p -> py.applyAsDouble(p[1])).toArray();
            c.polyline(xs, ys, color, lines.size() > LEGEND_LIMIT ? 1 : 2);
            if (i < LEGEND_LIMIT) {
                double ly = TOP + 10 + i * 20;
                c.line(WIDTH - RIGHT + 20, ly, WIDTH - RIGHT + 44, ly, color, 3);
                c.text(WIDTH - RIGHT + 50, ly + 4, line.name(), "start", 12, "#222222");
            }
        }
        if (lines.size() > LEGEND_LIMIT) {
            c.text(WIDTH - RIGHT + 20, TOP + 10 + LEGEND_LIMIT * 20, "+ " + (lines.size() - LEGEND_LIMIT) + " more", "start", 12, "#666666");
        }
        if (lines.isEmpty()) {
            c.text(LEFT + plotW / 2.0, TOP + plotH / 2.0, "no metric points", "middle", 14, "#666666");
        }
    }

    private double[] range(int axis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double[] p : l.points()) {
                min = Math.min(min, p[axis]);
                max = Math.max(max, p[axis]);
            }
        }
        if (!Double.isFinite(min)) {
            return new double[] {0, 1};
        }
        if (min == max) {
            return new double[] {min - 0.5, max + 0.5};
        }
        return new double[] {min, max};
    }

    /** About five ticks at 1, 2 or 5 times a power of ten, covering [min, max]. */
    static double[] ticks(double min, double max) {
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        double start = Math.floor(min / step) * step;
        double end = Math.ceil(max / step) * step;
        List<Double> out = new ArrayList<>();
        for (double t = start; t <= end + step / 2; t += step) {
            out.add(Math.round(t / step) * step);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** What the chart is drawn on. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, String color, double width);

        void polyline(double[] xs, double[] ys, String color, double width);

        void text(double x, double y, String text, String anchor, int size, String color);
    }

    private static final class SvgCanvas implements Canvas {
        private final StringBuilder sb = new StringBuilder();

        SvgCanvas() {
            sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                    .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                    .append("\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String color, double width) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                    x1, y1, x2, y2, color, width));
        }

        @Override
        public void polyline(double[] xs, double[] ys, String color, double width) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(width).append("\" points=\"");
            for (int i = 0; i < xs.length; i++) {
                sb.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xs[i], ys[i]));
            }
            sb.append("\"/>\n");
        }

        @Override
        public void text(double x, double y, String text, String anchor, int size, String color) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>%n",
                    x, y, anchor, size, color, escape(text)));
        }

        String finish() {
            return sb.append("</svg>\n").toString();
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }

    private record PngCanvas(Graphics2D g) implements Canvas {

        @Override
        public void line(double x1, double y1, double x2, double y2, String color, double width) {
            g.setColor(Color.decode(color));
            g.setStroke(new BasicStroke((float) width));
            g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(double[] xs, double[] ys, String color, double width) {
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < xs.length; i++) {
                if (i == 0) {
                    path.moveTo(xs[i], ys[i]);
                } else {
                    path.lineTo(xs[i], ys[i]);
                }
            }
            g.setColor(Color.decode(color));
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        @Override
        public void text(double x, double y, String text, String anchor, int size, String color) {
            g.setColor(Color.decode(color));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            int w = g.getFontMetrics().stringWidth(text);
            double left = switch (anchor) {
                case "middle" -> x - w / 2.0;
                case "end" -> x - w;
                default -> x;
            };
            g.drawString(text, (float) left, (float) y);
        }
    }
}
