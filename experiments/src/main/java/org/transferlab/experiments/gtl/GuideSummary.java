package org.transferlab.experiments.gtl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small JSON picture of a guide matrix for the dashboard's heat map (role {@code guide-summary}):
 * {@code {"layers":[{"name","shape":[r,c],"rows","cols","values":[[…]],"mean","fractionAboveHalf"}]}}.
 * Each parameter tensor is seen as an r×c matrix (a bias as 1×n; a rank-4 convolution kernel as
 * out×(in·kh·kw)) and shrunk to at most {@value #MAX_SIDE}×{@value #MAX_SIDE} cells, each the mean
 * of its block; {@code rows}/{@code cols} give the shrunk size. Mean and fraction above ½ are over
 * the full tensor.
 */
public final class GuideSummary {

    public static final int MAX_SIDE = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Layer(String name, long[] shape, int rows, int cols, double[][] values, double mean,
            double fractionAboveHalf) {}

    public record Summary(List<Layer> layers) {}

    private GuideSummary() {}

    public static Summary of(GuideMatrix guide) {
        List<Layer> layers = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : guide.values().entrySet()) {
            INDArray v = e.getValue();
            long r = v.rank() == 0 ? 1 : (v.rank() == 1 ? 1 : v.size(0));
            long c = v.length() / r;
            double[] flat = v.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[][] cells = blockMeans(flat, (int) r, (int) c, MAX_SIDE);
            double mean = v.meanNumber().doubleValue();
            double above = v.gt(0.5).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            layers.add(new Layer(e.getKey(), new long[] {r, c}, cells.length, cells[0].length, cells, mean, above));
        }
        return new Summary(layers);
    }

    public static byte[] toJson(GuideMatrix guide) throws IOException {
        return JSON.writeValueAsBytes(of(guide));
    }

    /** Shrinks a row-major r×c matrix to at most max×max cells; cell (i,j) is the mean of its block. */
    static double[][] blockMeans(double[] values, int rows, int cols, int max) {
        int outRows = Math.min(rows, max);
        int outCols = Math.min(cols, max);
        double[][] cells = new double[outRows][outCols];
        for (int i = 0; i < outRows; i++) {
            int r0 = (int) ((long) i * rows / outRows);
            int r1 = (int) ((long) (i + 1) * rows / outRows);
            for (int j = 0; j < outCols; j++) {
                int c0 = (int) ((long) j * cols / outCols);
                int c1 = (int) ((long) (j + 1) * cols / outCols);
                double sum = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        sum += values[r * cols + c];
                    }
                }
                cells[i][j] = Math.round(sum / ((r1 - r0) * (c1 - c0)) * 1e4) / 1e4;
            }
        }
        return cells;
    }
}
