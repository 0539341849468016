package org.transferlab.orchestrator.schedule;

import java.math.BigDecimal;
import java.math.MathContext;

/** Objective values as users read them in decision reasons: four significant digits. */
final class Numbers {

    private Numbers() {}

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
