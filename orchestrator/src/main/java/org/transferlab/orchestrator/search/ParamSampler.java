package org.transferlab.orchestrator.search;

import java.util.random.RandomGenerator;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * Draws and enumerates values of one search dimension. Quantised values ({@code q}) lie on the grid
 * min, min + q, … ≤ max, the same points a grid search enumerates; integers are uniform over
 * min..max inclusive. Public because population-based training
 * ({@code schedule.PopulationBasedTraining}) resamples hyperparameters from the same space.
 */
public final class ParamSampler {

    private ParamSampler() {}

    public static Object sample(ParamSpec p, RandomGenerator random) {
        return switch (p.type()) {
            case "choice" -> p.values().get(random.nextInt(p.values().size()));
            case "int" -> (int) Math.round(quantise(p, Math.floor(p.min() + random.nextDouble() * (p.max() - p.min() + 1))));
            case "loguniform" -> quantise(p, Math.exp(Math.log(p.min()) + random.nextDouble() * (Math.log(p.max()) - Math.log(p.min()))));
            case "uniform" -> quantise(p, p.min() + random.nextDouble() * (p.max() - p.min()));
            default -> throw new IllegalArgumentException("unknown parameter type '" + p.type() + "'");
        };
    }

    /**
     * Value number {@code i} of a discrete dimension (choice, int, or numeric with q), in order;
     * {@code i} is below {@link ParamSpec#gridPoints()}. Computed from the index alone, so a grid
     * never lists a dimension's values: a dimension of 10^12 points costs what one of 3 does.
     */
    static Object valueAt(ParamSpec p, long i) {
        return switch (p.type()) {
            case "choice" -> p.values().get(Math.toIntExact(i));
            case "int" -> (int) Math.round(p.min() + i * (p.q() == null ? 1 : p.q()));
            default -> {
                if (p.q() == null) {
                    throw new IllegalArgumentException("a continuous parameter needs q to be enumerated");
                }
                yield round(p.min() + i * p.q());
            }
        };
    }

    /** The nearest point of the grid min, min + q, min + 2q, … that lies within [min, max]. */
    public static double quantise(ParamSpec p, double v) {
        if (p.q() == null) {
            return v;
        }
        long steps = Math.round(Math.floor((p.max() - p.min()) / p.q() + 1e-9));
        long k = Math.max(0, Math.min(steps, Math.round((v - p.min()) / p.q())));
        return round(p.min() + k * p.q());
    }

    static double round(double v) {
        return Math.round(v * 1e12) / 1e12;
    }
}
