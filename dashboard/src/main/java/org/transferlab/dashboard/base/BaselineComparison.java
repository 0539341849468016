package org.transferlab.dashboard.base;

import com.vaadin.flow.component.html.Div;
import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.view.Comparison;

/**
 * The method against its automatic baseline as every view words it: what was paired with what, each
 * metric's paired difference with its 95 % interval and n ({@code guided − plain fine-tune
 * (val_accuracy): +2.1 pts [0.4, 3.8], 10 seeds}), and the verdict, followed by the headline's best.
 * The same text as {@code tlab show} and {@code --follow}, from the API's comparison, so no view words
 * it differently.
 */
public final class BaselineComparison extends Div {

    public BaselineComparison(String id) {
        setId(id);
        getStyle().set("white-space", "pre-line");
    }

    /**
     * Shows the comparison and, after it, {@code headline} (the best trial, named as a method trial or
     * a baseline); {@code waiting} stands in while nothing is paired yet.
     */
    public void show(Comparison comparison, String headline, String waiting) {
        List<String> lines = new ArrayList<>();
        if (!comparison.hasBaseline()) {
            lines.addAll(comparison.lines()); // the baseline was switched off: say so rather than wait for it
        } else if (comparison.objective() != null) {
            lines.addAll(comparison.report());
        } else if (waiting != null) {
            lines.add(waiting);
        }
        if (headline != null) {
            lines.add(headline);
        }
        setText(String.join("\n", lines));
    }
}
