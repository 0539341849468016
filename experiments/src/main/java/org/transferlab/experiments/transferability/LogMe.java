package org.transferlab.experiments.transferability;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LogME (You et al., "LogME: Practical Assessment of Pre-trained Models for Transfer Learning",
 * ICML 2021): how well features predict labels, as the log marginal evidence of a Bayesian linear
 * model on them, without training anything. Per class, the one-vs-rest 0/1 target {@code y} is
 * modelled as {@code y = F w + noise} with prior {@code w ~ N(0, I/α)} and noise precision β; α and
 * β are set by the paper's fixed-point iteration
 * {@code γ = Σ βσᵢ²/(α+βσᵢ²), α ← γ/mᵀm, β ← (n−γ)/‖Fm−y‖²} (with {@code m = βA⁻¹Fᵀy},
 * {@code A = αI + βFᵀF}), and the evidence
 * {@code D/2 log α + n/2 log β − n/2 log 2π − β/2 ‖Fm−y‖² − α/2 mᵀm − 1/2 log|A|} at the optimum,
 * divided by n, is averaged over the classes. Everything is written through the singular values
 * σᵢ of F and the projections of y on its left singular vectors, taken once from the
 * eigendecomposition of the smaller Gram matrix ({@code FᵀF} or {@code FFᵀ}), so each class costs
 * O(min(n, D)) per iteration. Higher is better; the value is per example, so samples of different
 * sizes stay comparable. Computed in double precision whatever the network's data type.
 */
public final class LogMe {

    /** The iteration stops when α and β both change by less than this fraction. */
    static final double TOLERANCE = 1e-10;
    /** ... or after this many steps (it converges in a few dozen on real features). */
    static final int MAX_ITERATIONS = 1000;
    /**
     * The largest noise precision β the iteration takes: a noise deviation of 10⁻⁵ on 0/1 targets.
     * Where the features fit the labels exactly (more features than examples), the evidence grows
     * towards a finite limit as β → ∞; this bound stops there, within about 10⁻⁸ of it.
     */
    static final double MAX_BETA = 1e10;
    /** Eigenvalues below this fraction of the largest count as zero (rank-deficient features). */
    static final double RANK_CUTOFF = 1e-12;

    private LogMe() {}

    /** The evidence of one class's target at the optimum, and where the optimum lies. */
    public record ClassEvidence(double alpha, double beta, double evidencePerExample) {}

    /**
     * The LogME score of {@code features} (one row per example) for {@code labels} (class index per
     * example, 0..classes-1).
     */
    public static double score(double[][] features, int[] labels, int classes) {
        double sum = 0;
        for (ClassEvidence c : perClass(features, labels, classes)) {
            sum += c.evidencePerExample();
        }
        return sum / classes;
    }

    /** Each class's one-vs-rest evidence, in class order. */
    public static ClassEvidence[] perClass(double[][] features, int[] labels, int classes) {
        int n = features.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException("need one label per example and at least one example; got " + n
                    + " examples and " + labels.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("LogME scores at least 2 classes, got " + classes);
        }
        Spectrum spectrum = Spectrum.of(features);
        ClassEvidence[] out = new ClassEvidence[classes];
        for (int c = 0; c < classes; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside 0.." + (classes - 1));
                }
                y[i] = labels[i] == c ? 1 : 0;
            }
            out[c] = spectrum.evidence(y);
        }
        return out;
    }

    /**
     * The nonzero squared singular values of F and, for a target y, its projections on their left
     * singular vectors: all LogME needs.
     */
    private record Spectrum(int n, int d, double[] squared, double[][] left) {

        static Spectrum of(double[][] f) {
            int n = f.length;
            int d = f[0].length;
            INDArray features = Nd4j.create(f).castTo(DataType.DOUBLE);
            boolean wide = d > n;
            // the smaller Gram matrix: F Fᵀ (n×n) gives the left singular vectors directly, FᵀF (D×D) the right ones
            INDArray gram = wide ? features.mmul(features.transpose()) : features.transpose().mmul(features);
            gram = gram.add(gram.transpose()).muli(0.5);
            INDArray values = Eigen.symmetricGeneralizedEigenvalues(gram, true);
            // gram now holds the eigenvectors as columns
            double largest = Math.max(values.maxNumber().doubleValue(), 0);
            int size = (int) values.length();
            List<double[]> vectors = new ArrayList<>();
            List<Double> kept = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                double lambda = values.getDouble(j);
                if (!(lambda > RANK_CUTOFF * largest) || largest == 0) {
                    continue;
                }
                INDArray v = gram.getColumn(j);
                // a left singular vector u = F v / σ when the eigenvectors are the right ones
                INDArray u = wide ? v : features.mmul(v.reshape(d, 1)).divi(Math.sqrt(lambda));
                vectors.add(u.reshape(n).toDoubleVector());
                kept.add(lambda);
            }
            double[] squared = kept.stream().mapToDouble(Double::doubleValue).toArray();
            return new Spectrum(n, d, squared, vectors.toArray(double[][]::new));
        }

        ClassEvidence evidence(double[] y) {
            int r = squared.length;
            double[] z2 = new double[r];
            double yy = 0;
            for (double v : y) {
                yy += v * v;
            }
            double projected = 0;
            for (int j = 0; j < r; j++) {
                double z = 0;
                for (int i = 0; i < n; i++) {
                    z += left[j][i] * y[i];
                }
                z2[j] = z * z;
                projected += z2[j];
            }
            // what of y lies outside F's column space: no choice of w explains it
            double rest = r == n ? 0 : Math.max(yy - projected, 0);
            double alpha = 1;
            double beta = 1;
            for (int step = 0; step < MAX_ITERATIONS; step++) {
                double gamma = 0;
                double mm = 0;
                double residual = rest;
                for (int j = 0; j < r; j++) {
                    double denominator = alpha + beta * squared[j];
                    double kept = alpha / denominator;
                    gamma += beta * squared[j] / denominator;
                    mm += beta * beta * squared[j] * z2[j] / (denominator * denominator);
                    residual += kept * kept * z2[j];
                }
                if (!(mm > 0) || !(residual > 0)) {
                    // y is orthogonal to the features, or fitted exactly: the optimum sits at the boundary
                    break;
                }
                double nextAlpha = gamma / mm;
                double nextBeta = Math.min((n - gamma) / residual, MAX_BETA);
                if (!Double.isFinite(nextAlpha) || !Double.isFinite(nextBeta)) {
                    // labels the features do not explain drive α towards infinity (w = 0); the evidence
                    // below is written to stay exact on that road, so stop where the numbers end
                    break;
                }
                boolean converged = Math.abs(nextAlpha - alpha) <= TOLERANCE * alpha && Math.abs(nextBeta - beta) <= TOLERANCE * beta;
                alpha = nextAlpha;
                beta = nextBeta;
                if (converged) {
                    break;
                }
            }
            return new ClassEvidence(alpha, beta, logEvidence(alpha, beta, z2, rest) / n);
        }

        /**
         * The evidence, rearranged so that a huge α (labels the features do not explain) neither
         * overflows nor cancels: {@code D/2 log α − 1/2 log|A| = −1/2 Σ log(1 + βσᵢ²/α)}, and the
         * residual's terms use {@code α/(α+βσᵢ²)} ≤ 1.
         */
        private double logEvidence(double alpha, double beta, double[] z2, double rest) {
            double mm = 0;
            double residual = rest;
            double logDetOverPrior = 0;
            for (int j = 0; j < squared.length; j++) {
                double denominator = alpha + beta * squared[j];
                double kept = alpha / denominator;
                mm += beta * beta * squared[j] * z2[j] / (denominator * denominator);
                residual += kept * kept * z2[j];
                logDetOverPrior += Math.log1p(beta * squared[j] / alpha);
            }
            return n / 2.0 * Math.log(beta) - n / 2.0 * Math.log(2 * Math.PI)
                    - beta / 2 * residual - alpha / 2 * mm - logDetOverPrior / 2;
        }
    }
}
