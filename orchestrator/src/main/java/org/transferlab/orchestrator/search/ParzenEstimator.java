package org.transferlab.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * A Parzen (kernel) density over one parameter, fitted to a set of observed values: the density
 * TPE uses for l(x) (good trials) and g(x) (the rest).
 *
 * <p>Numeric parameters: a mixture of Gaussians truncated to the parameter's range, one per observed
 * value plus a wide prior component (mean at the centre of the range, σ = the range). The components
 * weigh equally, or, when the caller weighs the observations (the multi-objective TPE weighs its good
 * points by hypervolume contribution), in proportion to those weights with the prior weighing 1; the
 * weights change the mixture's shares, not the bandwidths. Each observation's σ is the larger
 * distance to its sorted neighbours, clipped to [range / min(100, n + 1), range]: the bandwidth rule
 * of Bergstra et al., "Algorithms for Hyper-Parameter Optimization" (NeurIPS 2011), except that the
 * range ends do not count as neighbours (as in Optuna's default), so a good point at the edge of a
 * bad region stays narrow. Log-uniform parameters are modelled on ln x. Integer and
 * {@code q}-quantised uniform parameters are modelled on a range widened by half a step at each end
 * and scored by the probability mass of their step; quantised log-uniform values are scored by the
 * continuous density at the value.
 *
 * <p>Categorical parameters: the frequency of each value among the observations with add-one
 * (Laplace) smoothing, so an unseen value keeps some probability; weighted observations count by
 * their weight.
 */
abstract sealed class ParzenEstimator {

    /** Draws one value in the parameter's own type and scale. */
    abstract Object sample(RandomGenerator random);

    /** The log density (or log mass, for discrete parameters) of a value. */
    abstract double logDensity(Object value);

    static ParzenEstimator fit(ParamSpec p, List<Object> observed) {
        return fit(p, observed, null);
    }

    /**
     * A density whose observations weigh unequally: {@code weights} has one entry (≥ 0) per observed
     * value, or is null for equal weights; the prior always weighs 1, as one observation of full weight.
     */
    static ParzenEstimator fit(ParamSpec p, List<Object> observed, double[] weights) {
        return p.numeric() ? new Numeric(p, observed, weights) : new Categorical(p, observed, weights);
    }

    /** The index whose cumulative weight first exceeds {@code r} ∈ [0, 1) (the weights sum to 1). */
    static int pick(double[] weights, double r) {
        for (int i = 0; i < weights.length - 1; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static final class Numeric extends ParzenEstimator {
        private final ParamSpec p;
        private final boolean log;
        private final double step;
        private final double low;
        private final double high;
        private final double[] mu;
        private final double[] sigma;
        private final double[] norm;
        /** Each component's share of the mixture (they sum to 1); the prior's is the last. */
        private final double[] weight;
        /** All observations weigh 1: the arithmetic of the unweighted estimator, to the last bit. */
        private final boolean equalWeights;

        Numeric(ParamSpec p, List<Object> observed, double[] weights) {
            this.p = p;
            this.log = "loguniform".equals(p.type());
            this.step = log ? 0 : "int".equals(p.type()) ? (p.q() == null ? 1 : p.q()) : (p.q() == null ? 0 : p.q());
            this.low = log ? Math.log(p.min()) : p.min() - step / 2;
            this.high = log ? Math.log(p.max()) : p.max() + step / 2;
            double range = Math.max(high - low, 1e-12);
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < observed.size(); i++) {
                if (observed.get(i) instanceof Number v) {
                    pairs.add(new double[] {clamp(internal(v.doubleValue())), weights == null ? 1 : weights[i]});
                }
            }
            pairs.sort((a, b) -> Double.compare(a[0], b[0]));
            int n = pairs.size();
            double[] points = new double[n];
            this.mu = new double[n + 1];
            this.sigma = new double[n + 1];
            this.weight = new double[n + 1];
            double total = 1;
            boolean equal = true;
            for (int i = 0; i < n; i++) {
                points[i] = pairs.get(i)[0];
                weight[i] = pairs.get(i)[1];
                total += weight[i];
                equal &= weight[i] == 1;
            }
            weight[n] = 1;
            for (int i = 0; i <= n; i++) {
                weight[i] /= total;
            }
            this.equalWeights = equal;
            mu[n] = (low + high) / 2;
            sigma[n] = range;
            double minSigma = range / Math.min(100.0, n + 1.0);
            for (int i = 0; i < n; i++) {
                // the range ends are not neighbours: an outermost point would otherwise spread to the end
                double left = i == 0 ? 0 : points[i] - points[i - 1];
                double right = i == n - 1 ? 0 : points[i + 1] - points[i];
                mu[i] = points[i];
                sigma[i] = Math.min(range, Math.max(minSigma, n == 1 ? range : Math.max(left, right)));
            }
            this.norm = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                norm[i] = Math.max(Gaussian.cdf((high - mu[i]) / sigma[i]) - Gaussian.cdf((low - mu[i]) / sigma[i]), 1e-300);
            }
        }

        private double internal(double x) {
            return log ? Math.log(x) : x;
        }

        private double clamp(double u) {
            return Math.max(low, Math.min(high, u));
        }

        @Override
        Object sample(RandomGenerator random) {
            int k = equalWeights ? random.nextInt(mu.length) : pick(weight, random.nextDouble());
            double u = Double.NaN;
            for (int attempt = 0; attempt < 100 && Double.isNaN(u); attempt++) {
                double draw = mu[k] + sigma[k] * random.nextGaussian();
                if (draw >= low && draw <= high) {
                    u = draw;
                }
            }
            if (Double.isNaN(u)) {
                u = low + random.nextDouble() * (high - low);
            }
            double x = log ? Math.exp(u) : u;
            x = Math.max(p.min(), Math.min(p.max(), x));
            if ("int".equals(p.type())) {
                double q = p.q() == null ? 1 : p.q();
                long steps = Math.round(Math.floor((p.max() - p.min()) / q + 1e-9));
                long i = Math.max(0, Math.min(steps, Math.round((x - p.min()) / q)));
                return (int) Math.round(p.min() + i * q);
            }
            return ParamSampler.quantise(p, x);
        }

        @Override
        double logDensity(Object value) {
            double u = clamp(internal(((Number) value).doubleValue()));
            double total = 0;
            for (int i = 0; i < mu.length; i++) {
                double part;
                if (step > 0) {
                    double hi = Math.min(high, u + step / 2);
                    double lo = Math.max(low, u - step / 2);
                    part = Gaussian.cdf((hi - mu[i]) / sigma[i]) - Gaussian.cdf((lo - mu[i]) / sigma[i]);
                } else {
                    part = Gaussian.pdf((u - mu[i]) / sigma[i]) / sigma[i];
                }
                total += (equalWeights ? part : weight[i] * part) / norm[i];
            }
            return Math.log(Math.max(equalWeights ? total / mu.length : total, 1e-300));
        }
    }

    static final class Categorical extends ParzenEstimator {
        private final List<Object> values;
        private final double[] probability;

        Categorical(ParamSpec p, List<Object> observed, double[] weights) {
            this.values = new ArrayList<>(p.values());
            double[] counts = new double[values.size()];
            Arrays.fill(counts, 1.0);
            double total = values.size();
            for (int k = 0; k < observed.size(); k++) {
                int i = indexOf(observed.get(k));
                if (i >= 0) {
                    double w = weights == null ? 1 : weights[k];
                    counts[i] += w;
                    total += w;
                }
            }
            this.probability = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                probability[i] = counts[i] / total;
            }
        }

        private int indexOf(Object value) {
            for (int i = 0; i < values.size(); i++) {
                if (SearchSpace.sameValue(values.get(i), value)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        Object sample(RandomGenerator random) {
            double r = random.nextDouble();
            for (int i = 0; i < probability.length - 1; i++) {
                r -= probability[i];
                if (r < 0) {
                    return values.get(i);
                }
            }
            return values.getLast();
        }

        @Override
        double logDensity(Object value) {
            int i = indexOf(value);
            return i < 0 ? Math.log(1e-300) : Math.log(probability[i]);
        }
    }

    /** The standard normal density and distribution function. */
    static final class Gaussian {
        private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

        private Gaussian() {}

        static double pdf(double z) {
            return Math.exp(-0.5 * z * z) / SQRT_2PI;
        }

        static double cdf(double z) {
            return z < 0 ? 0.5 * erfc(-z / Math.sqrt(2)) : 1 - 0.5 * erfc(z / Math.sqrt(2));
        }

        /** erfc for x ≥ 0, Numerical Recipes' Chebyshev fit (fractional error below 1.2e-7 everywhere). */
        private static double erfc(double x) {
            double t = 1 / (1 + 0.5 * x);
            return t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
        }
    }
}
