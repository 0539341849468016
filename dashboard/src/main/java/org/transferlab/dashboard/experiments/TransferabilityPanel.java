package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.Locale;
import org.transferlab.protocol.view.TransferabilityView;

/**
 * The transferability stage of a fine-tune experiment on its page: the candidate frozen depths
 * ranked by their score before any trial ran, each with the cut it was scored at and whether the
 * sweep tries it or dropped it ({@code transferability.prune}). Hidden for an experiment without
 * the stage.
 */
final class TransferabilityPanel extends VerticalLayout {

    private final Span summary = new Span();
    private final Grid<TransferabilityView.Candidate> grid = new Grid<>();
    private TransferabilityView shown;

    TransferabilityPanel() {
        setId("transferability");
        setPadding(false);
        summary.setId("transferability-summary");
        grid.setId("transferability-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(TransferabilityView.Candidate::rank).setHeader("Rank").setWidth("5em").setFlexGrow(0);
        grid.addColumn(TransferabilityView.Candidate::frozenLayers).setHeader("Frozen layers");
        grid.addColumn(TransferabilityView.Candidate::cut).setHeader("Cut");
        grid.addColumn(TransferabilityView.Candidate::features).setHeader("Features");
        grid.addColumn(c -> String.format(Locale.ROOT, "%.4f", c.score())).setHeader("Score").setKey("score");
        grid.addColumn(c -> c.pruned() ? "pruned" : "tried").setHeader("Sweep").setKey("sweep");
        grid.setAllRowsVisible(true);
        add(new H3("Transferability"), summary, grid);
        setVisible(false);
    }

    /** Shows the ranking; null hides the panel (no stage in this experiment). */
    void show(TransferabilityView view) {
        setVisible(view != null);
        if (view == null || view.equals(shown)) {
            return;
        }
        shown = view;
        if (view.candidates().isEmpty()) {
            summary.setText(view.method() + ": waiting for the transferability stage to score the candidate frozen depths.");
        } else {
            summary.setText(view.method() + " on " + view.candidates().get(0).examples()
                    + " training examples, higher is better; the sweep tries frozen layers " + view.kept() + ".");
        }
        grid.setItems(view.candidates());
    }
}
