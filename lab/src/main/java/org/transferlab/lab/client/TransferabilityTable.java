package org.transferlab.lab.client;

import java.util.Locale;
import org.transferlab.protocol.view.TransferabilityView;

/**
 * The transferability stage's ranking for the terminal: one row per candidate frozen depth, best
 * score first, with the cut it was scored at and whether the sweep dropped it; then the depths the
 * sweep tries. Shown by {@code tlab show} and, as soon as the stage is done, by {@code --follow}.
 */
final class TransferabilityTable {

    private TransferabilityTable() {}

    static String render(TransferabilityView view) {
        if (view.candidates().isEmpty()) {
            return "transferability (" + view.method() + "): "
                    + (view.status() == null ? "not started" : view.status().name().toLowerCase(Locale.ROOT)) + ", no scores yet\n";
        }
        TextTable table = new TextTable("rank", "frozenLayers", "cut", "features", view.method(), "sweep");
        for (TransferabilityView.Candidate c : view.candidates()) {
            table.row(c.rank(), c.frozenLayers(), c.cut(), c.features(), String.format(Locale.ROOT, "%.4f", c.score()),
                    c.pruned() ? "pruned" : "tried");
        }
        return "transferability (" + view.method() + " on " + view.candidates().get(0).examples()
                + " training examples, higher is better):\n" + table.render()
                + "the sweep tries frozenLayers " + view.kept() + "\n";
    }
}
