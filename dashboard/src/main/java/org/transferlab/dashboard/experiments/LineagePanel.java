package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transferlab.dashboard.base.Charts;
import org.transferlab.dashboard.base.EChart;
import org.transferlab.protocol.spec.SchedulerSpec;
import org.transferlab.protocol.spec.SpecWord;
import org.transferlab.protocol.view.Lineage;

/**
 * A population-based training sweep's lineage on its experiment page: one row per stretch of a
 * trial's training, from the epoch it began, whose weights it went on from (its own start, or a donor
 * trial and the donor's epoch: the lineage) and the hyperparameters it trained with from then on
 * (their values over time), and a chart of the first mutated parameter over epochs, one step line
 * per trial, that jumps where an exploit replaced it. The summary counts the exploits. Hidden for an
 * experiment without pbt.
 */
final class LineagePanel extends VerticalLayout {

    /** One row: a stretch of one trial's training. */
    record Row(int trial, int fromEpoch, String weights, Map<String, Object> params) {}

    private final Span summary = new Span();
    private final Grid<Row> grid = new Grid<>();
    private final EChart chart = new EChart("lineage-chart", "260px");
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
        add(new H3("Population-based training"), summary, grid, chart);
        setVisible(false);
    }

    /**
     * Shows the lineage; null hides the panel (no pbt in this experiment).
     *
     * @param mutations the parameters explore changes, one column each; the chart draws the first
     * @param epochs the epochs a trial trains, where the chart's last step ends
     * @param explore the spec's {@code scheduler.explore}: how an exploited trial's values were chosen
     */
    void show(Lineage lineage, List<String> mutations, int epochs, String explore) {
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
                + " weights named and the hyperparameters on its row. " + exploreText(explore));
        grid.setItems(rows);
        if (!mutations.isEmpty()) {
            chart.show(Charts.logLines(mutations.getFirst() + " over epochs", "epoch", mutations.getFirst(),
                    steps(lineage, mutations.getFirst(), epochs)));
        }
    }

    /** How the spec's explore chose an exploited trial's values, in a sentence. */
    static String exploreText(String explore) {
        return SpecWord.find(SchedulerSpec.Explore.class, explore).map(e -> switch (e) {
            case PERTURB -> "Explore: the donor's values, each perturbed by a factor or resampled from the search space.";
            case BANDIT -> "Explore: the values a Gaussian-process bandit (PB2) expects to improve the objective most over the next"
                    + " interval, fitted to every interval every trial has trained.";
        }).orElse("");
    }

    /** Each trial's value of {@code name} from the first epoch of each stretch to its last. */
    private static List<Charts.Series> steps(Lineage lineage, String name, int epochs) {
        List<Charts.Series> series = new ArrayList<>();
        for (Lineage.Member m : lineage.trials()) {
            List<double[]> points = new ArrayList<>();
            List<Lineage.Segment> schedule = m.schedule();
            for (int i = 0; i < schedule.size(); i++) {
                if (!(schedule.get(i).params().get(name) instanceof Number value)) {
                    continue;
                }
                int last = i + 1 < schedule.size() ? schedule.get(i + 1).fromEpoch() - 1 : epochs;
                points.add(new double[] {schedule.get(i).fromEpoch(), value.doubleValue()});
                points.add(new double[] {Math.max(schedule.get(i).fromEpoch(), last), value.doubleValue()});
            }
            series.add(new Charts.Series("trial " + m.number(), points));
        }
        return series;
    }

    private static String number(Lineage lineage, String trialId) {
        return lineage.trials().stream().filter(m -> m.trialId().equals(trialId)).findFirst()
                .map(m -> Integer.toString(m.number())).orElse(trialId);
    }
}
