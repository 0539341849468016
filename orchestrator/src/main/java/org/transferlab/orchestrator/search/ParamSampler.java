package org.transferlab.orchestrator.search;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.transferlab.protocol.spec.ParamSpec;

/** Draws and enumerates values of one search dimension. */
final class ParamSampler {

    private ParamSampler() {}

    static Object sample(ParamSpec p, RandomGenerator random) {
        return switch (p.type()) {
            case "choice" -> p.values().get(random.nextInt(p.values().size()));
            case "int" -> (int) quantise(p, Math.floor(p.min() + random.nextDouble() * (p.max() - p.min() + 1)));
            case "loguniform" -> quantise(p, Math.exp(Math.log(p.min()) + random.nextDouble() * (Math.log(p.max()) - Math.log(p.min()))));
            case "uniform" -> quantise(p, p.min() + random.nextDouble() * (p.max() - p.min()));
            default -> throw new IllegalArgumentException("unknown parameter type '" + p.type() + "'");
        };
    }

    /** Every value of a discrete dimension (choice, int, or numeric with q), in order. */
    static List<Object> enumerate(ParamSpec p) {
        List<Object> out = new ArrayList<>();
        switch (p.type()) {
            case "choice" -> out.addAll(p.values());
            case "int" -> {
                double step = p.q() == null ? 1 : p.q();
                for (double v = p.min(); v <= p.max() + 1e-9; v += step) {
                    out.add((int) Math.round(v));
                }
            }
            default -> {
                if (p.q() == null) {
                    throw new IllegalArgumentException("a continuous parameter needs q to be enumerated");
                }
                long steps = Math.round(Math.floor((p.max() - p.min()) / p.q() + 1e-9));
                for (long i = 0; i <= steps; i++) {
                    out.add(round(p.min() + i * p.q()));
                }
            }
        }
        return out;
    }

    private static double quantise(ParamSpec p, double v) {
        if (p.q() == null) {
            return v;
        }
        double q = Math.round(v / p.q()) * p.q();
        return round(Math.min(p.max(), Math.max(p.min(), q)));
    }

    private static double round(double v) {
        return Math.round(v * 1e12) / 1e12;
    }
}
