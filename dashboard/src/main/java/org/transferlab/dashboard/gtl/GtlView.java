package org.transferlab.dashboard.gtl;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.base.BaselineComparison;
import org.transferlab.dashboard.base.Charts;
import org.transferlab.dashboard.base.CompactGrid;
import org.transferlab.dashboard.base.DashboardServlet;
import org.transferlab.dashboard.base.EChart;
import org.transferlab.dashboard.base.ExperimentStageView;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.base.StageResults;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * A guided-transfer-learning experiment: the scouts' learning curves, the guide matrix as a heat
 * map per layer (from the GUIDE stage's {@code guide-summary} artifact) and guided against baseline
 * fine-tuning results: best and mean, and the best guided configuration paired with its baseline
 * twins, with the mean difference and its 95 % interval. Refreshed every two seconds while the
 * experiment runs.
 */
@Route(value = "gtl/:id", layout = MainLayout.class)
@PageTitle("GTL · TransferLab")
public class GtlView extends ExperimentStageView<GtlView.Snapshot> {

    record Snapshot(ExperimentView experiment, List<TrialView> trials, List<MetricPoint> scoutMetrics, String guideJson,
            String guideProblem, Comparison comparison) implements ExperimentStageView.Snapshot {}

    private final H2 title = new H2();
    private final EChart scouts = new EChart("gtl-scouts", "320px");
    private final Select<String> layer = new Select<>();
    private final EChart heatmap = new EChart("gtl-heatmap", "420px");
    private final Grid<GuideSummary.Layer> layers = CompactGrid.of("gtl-layers",
            CompactGrid.column("Layer", GuideSummary.Layer::name),
            CompactGrid.column("Shape", GuideSummary.Layer::shape),
            CompactGrid.column("Mean guide value", l -> String.format(Locale.ROOT, "%.3f", l.mean())),
            CompactGrid.column("Above 0.5", l -> String.format(Locale.ROOT, "%.1f%%", 100 * l.fractionAboveHalf())));
    private final EChart results = new EChart("gtl-results", "300px");
    private final BaselineComparison verdict = new BaselineComparison("gtl-verdict");
    private final long maxGuideBytes = DashboardServlet.services().maxArtifactTextBytes();
    private GuideSummary guide = new GuideSummary(List.of());

    public GtlView() {
        super(Duration.ofSeconds(2));
        layer.setId("gtl-layer");
        layer.setLabel("Layer");
        layer.addValueChangeListener(c -> drawHeatmap());
        add(title, problem, new H3("Scouts"), scouts, new H3("Guide matrix"), layer, heatmap, layers,
                new H3("Guided against baseline"), results, verdict);
        setWidthFull();
    }

    @Override
    protected Snapshot read(LabApiClient client) {
        ExperimentView e = client.experiment(experimentId);
        List<TrialView> trials = client.trials(experimentId);
        List<String> scoutIds = StageResults.of(trials, TrialStage.SCOUT).stream().map(TrialView::id).toList();
        List<MetricPoint> metrics = scoutIds.isEmpty() ? List.of()
                : client.experimentMetrics(experimentId).stream().filter(p -> scoutIds.contains(p.trialId())).toList();
        String guideId = client.artifacts(experimentId).stream()
                .filter(a -> "guide-summary".equals(a.get("role"))).reduce((a, b) -> b)
                .map(a -> String.valueOf(a.get("id"))).orElse(null);
        String guideJson = null;
        String guideProblem = null;
        if (guideId != null) {
            try {
                guideJson = client.artifactText(guideId, maxGuideBytes);
            } catch (LabApiClient.ArtifactTooLargeException tooLarge) {
                guideProblem = "guide summary not shown: " + tooLarge.getMessage();
            }
        }
        return new Snapshot(e, trials, metrics, guideJson, guideProblem, client.comparison(experimentId));
    }

    @Override
    protected void show(Snapshot s) {
        ExperimentView e = s.experiment();
        title.setText("GTL · " + e.name() + " (" + e.status() + ")");
        Map<String, Map<String, List<double[]>>> byTrial = new java.util.LinkedHashMap<>();
        for (MetricPoint p : s.scoutMetrics()) {
            byTrial.computeIfAbsent(p.trialId(), t -> new java.util.TreeMap<>()).computeIfAbsent(p.name(), n -> new ArrayList<>())
                    .add(new double[] {p.step(), p.value()});
        }
        String metric = byTrial.values().stream().flatMap(m -> m.keySet().stream()).filter(n -> n.contains("loss")).findFirst()
                .orElse(byTrial.values().stream().flatMap(m -> m.keySet().stream()).findFirst().orElse("loss"));
        List<Charts.Series> lines = new ArrayList<>();
        for (TrialView t : StageResults.of(s.trials(), TrialStage.SCOUT)) {
            List<double[]> points = byTrial.getOrDefault(t.id(), Map.of()).getOrDefault(metric, List.of());
            lines.add(new Charts.Series("scout " + t.number(), points));
        }
        scouts.show(Charts.lines("scouts: " + metric, "epoch", metric, lines));

        if (s.guideJson() != null) {
            guide = GuideSummary.parse(s.guideJson());
            List<String> names = guide.layers().stream().map(GuideSummary.Layer::name).toList();
            String chosen = layer.getValue();
            layer.setItems(names);
            layer.setValue(chosen != null && names.contains(chosen) ? chosen : names.isEmpty() ? null : names.getFirst());
            layers.setItems(guide.layers());
        } else {
            layers.setItems(List.of());
            heatmap.show(Charts.heatmap(s.guideProblem() != null ? s.guideProblem()
                    : "no guide matrix yet (the GUIDE stage has not finished)", new double[0][0]));
        }

        List<TrialView> guided = StageResults.of(s.trials(), TrialStage.GUIDED);
        List<TrialView> baseline = StageResults.of(s.trials(), TrialStage.BASELINE);
        results.show(Charts.bars(e.objectiveMetric() + ": best and mean", e.objectiveMetric(),
                List.of("baseline best", "guided best", "baseline mean", "guided mean"),
                java.util.Arrays.asList(StageResults.best(e, baseline), StageResults.best(e, guided),
                        StageResults.mean(baseline), StageResults.mean(guided))));
        verdict.show(s.comparison(), Standing.of(s.trials(), e.objectiveMode()).summary(e.objectiveMetric()),
                "Waiting for guided and baseline trials to finish.");
    }

    private void drawHeatmap() {
        String name = layer.getValue();
        guide.layers().stream().filter(l -> Objects.equals(l.name(), name)).findFirst()
                .ifPresent(l -> heatmap.show(Charts.heatmap("guide values of " + l.name() + " " + l.shape(), l.values())));
    }
}
