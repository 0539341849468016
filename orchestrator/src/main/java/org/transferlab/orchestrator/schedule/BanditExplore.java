package org.transferlab.orchestrator.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The explore step of population-based bandits (PB2: Parker-Holder, Nguyen and Roberts, "Provably
 * Efficient Online Hyperparameter Optimization with Population-Based Bandits", NeurIPS 2020).
 * Perturbing the donor's values (PBT's explore) needs a population large enough that some member
 * starts near good values; with a handful of trials it can stay in a poor region for the whole run.
 * PB2 instead fits a Gaussian process to every interval any trial has trained so far, from its
 * hyperparameters (and when) to how much its objective improved over that interval, and picks the
 * values with the highest upper confidence bound of the improvement over the next interval.
 *
 * <p>The kernel is the time-varying squared exponential of Bogunovic et al. (2016) that PB2 uses:
 * {@code exp(-|x - x'|² / 2ℓ²) · (1 - ε)^(|t - t'| / 2)}, so older intervals count less as training
 * moves on (what helped at epoch 2 need not help at epoch 20). Hyperparameters live in the unit cube
 * (the caller maps log-uniform ranges through the logarithm); times are counted in intervals;
 * improvements are standardised. The length scale ℓ, the forgetting rate ε and the noise are chosen by
 * the marginal likelihood over a small grid. The trials still training count as pending points
 * (GP-BUCB, Desautels et al. 2014, as PB2 does): they lower the bound's variance where they already
 * are, so two trials exploited one after the other are not sent to the same place.
 *
 * <p>Pure and deterministic given its inputs and the random generator, which only places the
 * candidate points the bound is maximised over.
 */
final class BanditExplore {

    /** One interval one trial trained: ending at {@code time} (in intervals), with {@code x} (unit cube), improved by this much. */
    record Observation(double time, double[] x, double improvement) {}

    /** At most this many observations, the latest: the kernel forgets older ones anyway, and fitting stays cheap. */
    static final int MAX_OBSERVATIONS = 120;
    /** The upper confidence bound is the mean plus this many standard deviations. */
    static final double KAPPA = 2.0;
    private static final double[] LENGTH_SCALES = {0.05, 0.1, 0.2, 0.4, 0.8};
    private static final double[] FORGETTING = {0.0, 0.05, 0.15, 0.3};
    private static final double[] NOISE = {0.01, 0.1, 0.3};
    /** The fit used before there is data (the prior's only role then is spreading trials apart). */
    private static final Fit PRIOR = new Fit(0.2, 0.1, 0.1);
    private static final int CANDIDATES = 1000;
    private static final int REFINED = 5;
    private static final int REFINE_STEPS = 40;

    private BanditExplore() {}

    /** Kernel hyperparameters: length scale, forgetting rate per interval, noise variance (the signal's is 1). */
    record Fit(double length, double forgetting, double noise) {}

    /**
     * The point of the unit cube of {@code dims} dimensions with the highest upper confidence bound
     * of the improvement over the interval ending at {@code now}, given the observations and the
     * points of the trials still training there.
     */
    static double[] choose(List<Observation> observations, double now, List<double[]> pending, int dims, Random random) {
        List<Observation> data = latest(observations);
        Model model = Model.fit(data, now, pending);
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            double[] x = new double[dims];
            for (int d = 0; d < dims; d++) {
                x[d] = random.nextDouble();
            }
            candidates.add(x);
        }
        for (Observation o : data) {
            candidates.add(o.x().clone());
        }
        double[] bounds = new double[candidates.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = model.bound(candidates.get(i));
            order.add(i);
        }
        // each bound once: a comparator computing it would do so at every comparison
        order.sort(Comparator.comparingDouble((Integer i) -> -bounds[i]));
        double[] best = candidates.get(order.get(0));
        double bestBound = bounds[order.get(0)];
        for (int rank = 0; rank < Math.min(REFINED, order.size()); rank++) {
            double[] start = candidates.get(order.get(rank));
            double[] at = start.clone();
            double bound = model.bound(at);
            double step = 0.1;
            for (int s = 0; s < REFINE_STEPS; s++, step *= 0.9) {
                double[] next = new double[dims];
                for (int d = 0; d < dims; d++) {
                    next[d] = Math.max(0, Math.min(1, at[d] + step * random.nextGaussian()));
                }
                double b = model.bound(next);
                if (b > bound) {
                    at = next;
                    bound = b;
                }
            }
            if (bound > bestBound) {
                best = at;
                bestBound = bound;
            }
        }
        return best;
    }

    private static List<Observation> latest(List<Observation> observations) {
        if (observations.size() <= MAX_OBSERVATIONS) {
            return observations;
        }
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(Observation::time));
        return sorted.subList(sorted.size() - MAX_OBSERVATIONS, sorted.size());
    }

    /** The fitted process: the mean from the observations, the variance from them and the pending points. */
    static final class Model {
        private final Fit fit;
        private final double now;
        private final double[][] points;
        private final double[] times;
        private final double[] alpha;
        /** The observations and the pending points, for the variance. */
        private final double[][] allPoints;
        private final double[] allTimes;
        private final double[][] allCholesky;

        private Model(Fit fit, double now, double[][] points, double[] times, double[] alpha, double[][] allPoints, double[] allTimes,
                double[][] allCholesky) {
            this.fit = fit;
            this.now = now;
            this.points = points;
            this.times = times;
            this.alpha = alpha;
            this.allPoints = allPoints;
            this.allTimes = allTimes;
            this.allCholesky = allCholesky;
        }

        static Model fit(List<Observation> data, double now, List<double[]> pending) {
            int n = data.size();
            double[][] points = new double[n][];
            double[] times = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                points[i] = data.get(i).x();
                times[i] = data.get(i).time();
                y[i] = data.get(i).improvement();
            }
            standardise(y);
            Fit fit = n < 2 ? PRIOR : bestFit(points, times, y);
            double[][] chol = n == 0 ? new double[0][0] : cholesky(gram(fit, points, times));
            double[] alpha = solveBoth(chol, y);
            int m = n + pending.size();
            double[][] allPoints = new double[m][];
            double[] allTimes = new double[m];
            System.arraycopy(points, 0, allPoints, 0, n);
            System.arraycopy(times, 0, allTimes, 0, n);
            for (int i = 0; i < pending.size(); i++) {
                allPoints[n + i] = pending.get(i);
                allTimes[n + i] = now;
            }
            double[][] allChol = m == 0 ? new double[0][0] : cholesky(gram(fit, allPoints, allTimes));
            return new Model(fit, now, points, times, alpha, allPoints, allTimes, allChol);
        }

        /** The posterior mean of the (standardised) improvement at x over the interval ending now. */
        double mean(double[] x) {
            double mu = 0;
            for (int i = 0; i < points.length; i++) {
                mu += kernel(fit, x, now, points[i], times[i]) * alpha[i];
            }
            return mu;
        }

        /** The posterior standard deviation at x, the pending points counted as observed. */
        double deviation(double[] x) {
            int m = allPoints.length;
            double[] k = new double[m];
            for (int i = 0; i < m; i++) {
                k[i] = kernel(fit, x, now, allPoints[i], allTimes[i]);
            }
            double[] v = solveLower(allCholesky, k);
            double explained = 0;
            for (double e : v) {
                explained += e * e;
            }
            return Math.sqrt(Math.max(0, 1 - explained));
        }

        double bound(double[] x) {
            return mean(x) + KAPPA * deviation(x);
        }

        Fit fitted() {
            return fit;
        }
    }

    /** The grid point with the highest log marginal likelihood. */
    static Fit bestFit(double[][] points, double[] times, double[] y) {
        // the pairwise distances once; each grid point only rescales them
        Distances distances = Distances.of(points, times);
        Fit best = PRIOR;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double length : LENGTH_SCALES) {
            for (double forgetting : FORGETTING) {
                for (double noise : NOISE) {
                    Fit f = new Fit(length, forgetting, noise);
                    double l = logLikelihood(f, gram(f, distances), y);
                    if (l > bestLikelihood) {
                        bestLikelihood = l;
                        best = f;
                    }
                }
            }
        }
        return best;
    }

    /** log p(y | X) = -½ yᵀK⁻¹y - ½ log|K| - (n/2) log 2π. */
    static double logLikelihood(Fit f, double[][] points, double[] times, double[] y) {
        return logLikelihood(f, gram(f, points, times), y);
    }

    private static double logLikelihood(Fit f, double[][] k, double[] y) {
        double[][] chol = cholesky(k);
        double[] alpha = solveBoth(chol, y);
        double fitTerm = 0;
        double logDet = 0;
        for (int i = 0; i < y.length; i++) {
            fitTerm += y[i] * alpha[i];
            logDet += Math.log(chol[i][i]);
        }
        return -0.5 * fitTerm - logDet - 0.5 * y.length * Math.log(2 * Math.PI);
    }

    static double kernel(Fit f, double[] a, double ta, double[] b, double tb) {
        return kernel(f, squaredDistance(a, b), Math.abs(ta - tb));
    }

    /** exp(-d² / 2ℓ²) · (1 - ε)^(Δt / 2), the power written as an exponential (cheaper than Math.pow). */
    private static double kernel(Fit f, double d2, double dt) {
        double decay = f.forgetting() == 0 ? 0 : 0.5 * dt * Math.log(1 - f.forgetting());
        return Math.exp(-d2 / (2 * f.length() * f.length()) + decay);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            d2 += d * d;
        }
        return d2;
    }

    /** The squared distances and the time differences of every pair of points. */
    private record Distances(double[][] squared, double[][] time) {
        static Distances of(double[][] points, double[] times) {
            int n = points.length;
            double[][] d2 = new double[n][n];
            double[][] dt = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    d2[i][j] = squaredDistance(points[i], points[j]);
                    d2[j][i] = d2[i][j];
                    dt[i][j] = Math.abs(times[i] - times[j]);
                    dt[j][i] = dt[i][j];
                }
            }
            return new Distances(d2, dt);
        }
    }

    private static double[][] gram(Fit f, double[][] points, double[] times) {
        return gram(f, Distances.of(points, times));
    }

    private static double[][] gram(Fit f, Distances distances) {
        int n = distances.squared().length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = kernel(f, distances.squared()[i][j], distances.time()[i][j]);
                k[i][j] = v;
                k[j][i] = v;
            }
            k[i][i] = 1 + f.noise();
        }
        return k;
    }

    /** The lower-triangular L with L·Lᵀ = k (k symmetric positive definite: the noise on its diagonal sees to that). */
    static double[][] cholesky(double[][] k) {
        int n = k.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = k[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
            }
        }
        return l;
    }

    /** v with L·v = b. */
    static double[] solveLower(double[][] l, double[] b) {
        int n = b.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * v[p];
            }
            v[i] = s / l[i][i];
        }
        return v;
    }

    /** a with L·Lᵀ·a = b. */
    static double[] solveBoth(double[][] l, double[] b) {
        double[] v = solveLower(l, b);
        int n = v.length;
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int p = i + 1; p < n; p++) {
                s -= l[p][i] * a[p];
            }
            a[i] = s / l[i][i];
        }
        return a;
    }

    /** To zero mean and unit deviation in place (a constant stays at zero). */
    static void standardise(double[] y) {
        if (y.length == 0) {
            return;
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = sd > 0 ? (y[i] - mean) / sd : 0;
        }
    }
}
