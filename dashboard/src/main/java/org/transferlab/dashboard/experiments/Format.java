package org.transferlab.dashboard.experiments;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How numbers, times and parameters read in the dashboard's tables. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Format() {}

    static String metric(Double value) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String params(Map<String, Object> params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A parameter value: numbers to four significant digits, tiny ones in scientific notation. */
    static String value(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) {
            if (d != 0 && Math.abs(d) < 1e-4) {
                return String.format(Locale.ROOT, "%.2e", d);
            }
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }
}
