package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.view.Lineage;

/**
 * A population-based training sweep's lineage on its experiment page: one row per stretch of a
 * trial's training, from the epoch it began, whose weights it went on from (its own start, or a donor
 * trial and the donor's epoch: the lineage) and the hyperparameters it trained with from then on
 * (their values over time). The summary counts the exploits. Hidden for an experiment without pbt.
 */
final class LineagePanel extends VerticalLayout {

    /** One row: a stretch of one trial's training. */
    record Row(int trial, int fromEpoch, String weights, Map<String, Object> params) {}

    private final Span summary = new Span();
    private final Grid<Row> grid = new Grid<>();
    private final List<String> shownColumns = new ArrayList<>();
    private Lineage shown;

    LineagePanel() {
        setId("lineage");
        setPadding(false);
        summary.setId("lineage-summary");
        grid.setId("lineage-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(Row::trial).setHeader("Trial").setWidth("6em").setFlexGrow(0);
        grid.addColumn(Row::fromEpoch).setHeader("From epoch").setWidth("8em").setFlexGrow(0);
        grid.addColumn(Row::weights).setHeader("Weights from").setKey("weights");
        grid.setAllRowsVisible(true);
        add(new H3("Population-based training"), summary, grid);
        setVisible(false);
    }

    /**
     * Shows the lineage; null hides the panel (no pbt in this experiment).
     *
     * @param mutations the parameters explore changes, one column each
     */
    void show(Lineage lineage, List<String> mutations) {
        setVisible(lineage != null);
        if (lineage == null || lineage.equals(shown)) {
            return;
        }
        shown = lineage;
        for (String name : mutations) {
            if (!shownColumns.contains(name)) {
                shownColumns.add(name);
                grid.addColumn(r -> r.params().containsKey(name) ? Format.value(r.params().get(name)) : "-").setHeader(name)
                        .setKey("param-" + name);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Lineage.Member m : lineage.trials()) {
            for (Lineage.Segment s : m.schedule()) {
                rows.add(new Row(m.number(), s.fromEpoch(), s.donorTrialId() == null ? "own start"
                        : "trial " + number(lineage, s.donorTrialId()) + " at epoch " + s.donorEpoch(), s.params()));
            }
        }
        summary.setText(lineage.exploits().size() + " exploit(s): every stretch below trains from the epoch shown with the"
                + " weights named and the hyperparameters on its row.");
        grid.setItems(rows);
    }

    private static String number(Lineage lineage, String trialId) {
        return lineage.trials().stream().filter(m -> m.trialId().equals(trialId)).findFirst()
                .map(m -> Integer.toString(m.number())).orElse(trialId);
    }
}
