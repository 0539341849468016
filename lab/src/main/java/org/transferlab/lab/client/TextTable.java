package org.transferlab.lab.client;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain left-aligned text table for terminal output. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    void row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
    }

    String render() {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * A parameter value: numbers to four significant digits, so a learning rate of 0.000923 reads
     * 0.000923 (fixed decimals would print 0.0009 and hide the swept value); very small or large
     * numbers in scientific notation.
     */
    static String param(Object v) {
        if (v instanceof Double d && Double.isFinite(d) && d != 0) {
            double a = Math.abs(d);
            if (a < 1e-4 || a >= 1e6) {
                return String.format(Locale.ROOT, "%.3e", d).replaceAll("\\.?0+e", "e");
            }
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }
}
