package org.transferlab.dashboard.compare;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.client.compare.ComparedTrials;
import org.transferlab.client.compare.ParameterImportance;
import org.transferlab.dashboard.base.Charts;
import org.transferlab.dashboard.base.CompactGrid;
import org.transferlab.dashboard.base.DashboardServlet;
import org.transferlab.dashboard.base.EChart;
import org.transferlab.dashboard.base.LabSession;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.ParetoFront;

/**
 * Trials of one or several experiments side by side: overlaid learning curves, parallel coordinates
 * (drag along an axis to brush), the metric against any parameter, parameter importance and the
 * best configurations; for a multi-objective experiment its Pareto front comes first (the first two
 * objectives, the non-dominated trials highlighted and listed, each with its gain over its twin
 * where the experiment has automatic baselines, e.g. a distilled student over its student from
 * scratch of the same width). Open with {@code compare?e=ID,ID}. Data is read once per selection (a button
 * reloads); the browser gets one push per load.
 */
@Route(value = "compare", layout = MainLayout.class)
@PageTitle("Compare · TransferLab")
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    static final int BEST_ROWS = 25;

    private final ScheduledExecutorService scheduler;
    private LabApiClient api;

    private final MultiSelectComboBox<ExperimentView> picker = new MultiSelectComboBox<>("Experiments");
    private final Select<String> metric = new Select<>();
    private final Select<String> scatterParam = new Select<>();
    private final Checkbox onlyDiffering = new Checkbox("Only parameters that differ", true);
    private final Span summary = new Span();
    private final Span problem = new Span();
    private final EChart curves = new EChart("compare-curves", "340px");
    private final EChart parallel = new EChart("compare-parallel", "380px");
    private final EChart scatter = new EChart("compare-scatter", "340px");
    private final EChart importanceChart = new EChart("compare-importance", "260px");
    private final Grid<ParameterImportance.Importance> importanceGrid = CompactGrid.of("importance-grid",
            CompactGrid.column("Parameter", ParameterImportance.Importance::parameter),
            CompactGrid.column("Share of variance", i -> String.format(Locale.ROOT, "%.3f", i.share())),
            CompactGrid.column("Groups", ParameterImportance.Importance::groups));
    private final Grid<ComparedTrials.Row> best = new Grid<>();
    private final H3 paretoHeading = new H3("Pareto front");
    private final Span paretoSummary = new Span();
    private final EChart paretoChart = new EChart("compare-pareto", "360px");
    private final Grid<FrontRow> paretoGrid = new Grid<>();
    private Grid.Column<FrontRow> twinColumn;
    private Grid.Column<FrontRow> gainColumn;
    private Grid.Column<FrontRow> testGainColumn;

    /** One non-dominated trial of one experiment, as the front table lists it. */
    record FrontRow(String experiment, ParetoFront front, ParetoFront.Point point) {}

    private List<String> requested = List.of();
    private ComparedTrials data = new ComparedTrials();
    private Map<String, ParetoFront> fronts = Map.of();

    public CompareView() {
        this.scheduler = DashboardServlet.services().scheduler();
        configureControls();
        configureGrids();
        problem.setId("api-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);
        summary.setId("compare-summary");

        HorizontalLayout controls = new HorizontalLayout(picker, metric, new Button("Reload", c -> load()));
        controls.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(new H2("Compare"), controls, summary, problem,
                paretoHeading, paretoSummary, paretoChart, paretoGrid,
                new H3("Learning curves"), curves,
                new H3("Parallel coordinates"), new Paragraph("Drag along an axis to keep only the trials in that range."), parallel,
                new H3("Metric against a parameter"), scatterParam, scatter,
                new H3("Parameter importance"),
                new Paragraph("Share of the metric's variance each parameter explains on its own (η², numeric parameters "
                        + "in 5 quantile bins); interactions are not counted, and few trials per group overstate it."),
                importanceChart, importanceGrid,
                new H3("Best configurations"), onlyDiffering, best);
        setWidthFull();
    }

    private void configureControls() {
        picker.setId("compare-experiments");
        picker.setItemLabelGenerator(e -> e.name() + " (" + e.id() + ")");
        picker.setWidth("36em");
        picker.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                requested = change.getValue().stream().map(ExperimentView::id).toList();
                getUI().ifPresent(ui -> ui.navigate("compare", QueryParameters.simple(Map.of("e", String.join(",", requested)))));
            }
        });
        metric.setId("compare-metric");
        metric.setLabel("Metric");
        metric.addValueChangeListener(change -> {
            if (change.getValue() != null) {
                draw();
            }
        });
        scatterParam.setId("scatter-param");
        scatterParam.setLabel("Parameter");
        scatterParam.addValueChangeListener(change -> drawScatter());
        onlyDiffering.setId("only-differing");
        onlyDiffering.addValueChangeListener(change -> drawBest());
    }

    private void configureGrids() {
        best.setId("best-configs");
        best.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        best.setAllRowsVisible(true);
        paretoSummary.setId("pareto-summary");
        paretoGrid.setId("pareto-grid");
        paretoGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        paretoGrid.setAllRowsVisible(true);
        paretoGrid.addColumn(FrontRow::experiment).setHeader("Experiment").setAutoWidth(true);
        paretoGrid.addColumn(r -> "#" + r.point().number()).setHeader("Trial").setWidth("5em").setFlexGrow(0);
        paretoGrid.addColumn(r -> objectivesText(r)).setHeader("Objectives").setAutoWidth(true);
        twinColumn = paretoGrid.addColumn(r -> r.point().twin() == null ? "-" : "#" + r.point().twin().number()).setHeader("Twin")
                .setWidth("5em").setFlexGrow(0);
        gainColumn = paretoGrid.addColumn(CompareView::gainText).setHeader("Gain over twin (validation)").setAutoWidth(true);
        testGainColumn = paretoGrid.addColumn(CompareView::testGainText).setHeader("Gain over twin (test, held out)").setAutoWidth(true);
        paretoGrid.addColumn(r -> r.point().params().entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "))).setHeader("Parameters");
    }

    private static String objectivesText(FrontRow r) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < r.front().objectives().size(); i++) {
            parts.add(r.front().objectives().get(i).metric() + " " + format(r.point().values().get(i)));
        }
        return String.join(", ", parts);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> ids = event.getLocation().getQueryParameters().getParameters().getOrDefault("e", List.of()).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(","))).filter(s -> !s.isBlank()).toList();
        requested = ids;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        api = LabSession.api();
        load();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        api = null;
    }

    /** Reads the chosen experiments off the UI thread, then pushes once. */
    private void load() {
        UI ui = UI.getCurrent();
        LabApiClient client = api;
        List<String> ids = requested;
        scheduler.execute(() -> {
            try {
                List<ExperimentView> all = client.experiments();
                ComparedTrials loaded = new ComparedTrials();
                Map<String, ParetoFront> loadedFronts = new java.util.LinkedHashMap<>();
                for (String id : ids) {
                    ExperimentView e = client.experiment(id);
                    loaded.add(e, client.trials(id), client.experimentMetrics(id));
                    if (e.spec() != null && e.spec().objective().multi()) {
                        loadedFronts.put(e.name(), client.pareto(id));
                    }
                }
                ui.access(() -> {
                    fronts = loadedFronts;
                    show(all, ids, loaded, null);
                });
            } catch (LabApiException e) {
                ui.access(() -> show(null, ids, null, e.getMessage()));
            }
        });
    }

    private void show(List<ExperimentView> all, List<String> ids, ComparedTrials loaded, String failure) {
        problem.setVisible(failure != null);
        problem.setText(failure == null ? "" : failure);
        if (loaded == null) {
            return;
        }
        data = loaded;
        picker.setItems(all);
        picker.select(all.stream().filter(e -> ids.contains(e.id())).toList());
        List<String> names = new ArrayList<>(data.metricNames());
        String chosen = metric.getValue();
        metric.setItems(names);
        String objective = data.rows().isEmpty() ? null : data.rows().getFirst().experiment().objectiveMetric();
        metric.setValue(chosen != null && names.contains(chosen) ? chosen : objective != null && names.contains(objective) ? objective
                : names.isEmpty() ? null : names.getFirst());
        List<String> params = data.parameters();
        String param = scatterParam.getValue();
        scatterParam.setItems(params);
        scatterParam.setValue(param != null && params.contains(param) ? param : params.isEmpty() ? null : params.getFirst());
        draw();
    }

    private void draw() {
        String m = metric.getValue();
        if (m == null) {
            summary.setText(requested.isEmpty() ? "Pick experiments to compare." : "No trials with metrics yet.");
            return;
        }
        List<ComparedTrials.Row> ranked = data.ranked(m);
        summary.setText(data.rows().size() + " trials from " + requested.size() + " experiment(s); " + ranked.size()
                + " with a value of " + m + ".");
        List<Charts.Series> lines = data.rows().stream()
                .map(r -> new Charts.Series(data.legend(r), data.curve(r, m)))
                .filter(s -> !s.points().isEmpty()).toList();
        curves.show(Charts.lines(m + " per epoch", "epoch", m, lines));
        drawParallel(m, ranked);
        drawScatter();
        List<ParameterImportance.Importance> importance = ParameterImportance.rank(
                ranked.stream().map(r -> r.trial().params() == null ? Map.<String, Object>of() : r.trial().params()).toList(),
                ranked.stream().map(r -> data.value(r, m)).toList());
        importanceGrid.setItems(importance);
        importanceChart.show(Charts.importance("importance for " + m,
                importance.stream().map(ParameterImportance.Importance::parameter).toList(),
                importance.stream().map(ParameterImportance.Importance::share).toList()));
        drawBest();
        drawPareto();
    }

    /**
     * The first two objectives of each multi-objective experiment, front and dominated trials as
     * separate series (the front also joined by a line, ordered along the first objective); hidden
     * when no chosen experiment has several objectives. Where the experiment has automatic baselines
     * (a distillation's students from scratch), each front point is labelled with its gain over its
     * twin, the twins are drawn hollow with an arrow to their point, and the table lists twin and gains.
     */
    private void drawPareto() {
        boolean any = !fronts.isEmpty();
        paretoHeading.setVisible(any);
        paretoSummary.setVisible(any);
        paretoChart.setVisible(any);
        paretoGrid.setVisible(any);
        if (!any) {
            return;
        }
        List<Charts.ParetoSeries> series = new ArrayList<>();
        List<FrontRow> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String xName = null;
        String yName = null;
        String twinName = null;
        for (Map.Entry<String, ParetoFront> e : fronts.entrySet()) {
            ParetoFront f = e.getValue();
            String x = f.objectives().get(0).metric() + " (" + f.objectives().get(0).mode() + ")";
            String y = f.objectives().get(1).metric() + " (" + f.objectives().get(1).mode() + ")";
            xName = xName == null ? x : xName.equals(x) ? xName : xName + " / " + x;
            yName = yName == null ? y : yName.equals(y) ? yName : yName + " / " + y;
            twinName = twinName == null ? f.twinName() : twinName;
            List<Charts.FrontPoint> front = new ArrayList<>();
            List<double[]> dominated = new ArrayList<>();
            for (ParetoFront.Point p : f.points()) {
                if (p.onFront()) {
                    ParetoFront.Twin twin = p.twin();
                    boolean placed = twin != null && twin.values().get(0) != null && twin.values().get(1) != null;
                    front.add(new Charts.FrontPoint(p.values().get(0), p.values().get(1), pointLabel(f, p),
                            placed ? new double[] {twin.values().get(0), twin.values().get(1)} : null));
                } else {
                    dominated.add(new double[] {p.values().get(0), p.values().get(1)});
                }
            }
            front.sort(java.util.Comparator.comparingDouble(Charts.FrontPoint::x));
            series.add(new Charts.ParetoSeries(e.getKey(), front, dominated));
            f.front().forEach(p -> rows.add(new FrontRow(e.getKey(), f, p)));
            long paired = f.front().stream().filter(p -> p.gain() != null).count();
            lines.add(e.getKey() + ": " + f.front().size() + " of " + f.points().size() + " trials on the front"
                    + (f.twinName() == null ? "" : ", " + paired + " with their " + f.twinName() + " (gain on "
                            + f.objectives().get(f.gainObjective()).metric() + ")"));
        }
        boolean twins = twinName != null;
        twinColumn.setVisible(twins);
        gainColumn.setVisible(twins);
        testGainColumn.setVisible(twins);
        paretoSummary.setText(String.join("; ", lines) + ".");
        paretoChart.show(Charts.paretoScatter("Pareto front", xName, yName, series, twinName == null ? "twins" : twinName));
        paretoGrid.setItems(rows);
    }

    /** A front point's label: its trial, and its gain over its twin where it has one ({@code #3 +3.0 pts}). */
    static String pointLabel(ParetoFront f, ParetoFront.Point p) {
        String metric = f.objectives().get(f.gainObjective()).metric();
        return "#" + p.number() + (p.gain() == null ? "" : " " + ParetoFront.gainText(metric, p.gain()));
    }

    private static String gainText(FrontRow r) {
        ParetoFront.Twin twin = r.point().twin();
        if (twin == null) {
            return "-";
        }
        int k = r.front().gainObjective();
        return ParetoFront.gainText(twin.metric(), r.point().gain()) + " (" + twin.metric() + " " + format(r.point().values().get(k))
                + " vs " + format(twin.values().get(k)) + ")";
    }

    private static String testGainText(FrontRow r) {
        String metric = org.transferlab.protocol.view.TrialView.testMetricFor(r.front().objectives().get(r.front().gainObjective()).metric());
        return ParetoFront.heldOut(r.point(), metric).map(h -> ParetoFront.gainText(metric, h.gain()) + " (" + metric + " "
                + format(h.value()) + " vs " + format(h.twin()) + ")").orElse("-");
    }

    private void drawParallel(String m, List<ComparedTrials.Row> ranked) {
        List<String> params = data.parameters();
        List<Charts.Axis> axes = new ArrayList<>();
        List<Boolean> categorical = params.stream().map(data::categorical).toList();
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            List<String> categories = null;
            if (categorical.get(i)) {
                categories = new ArrayList<>(ComparedTrials.categories(p, ranked));
                if (ranked.stream().anyMatch(r -> r.trial().params() == null || r.trial().params().get(p) == null)) {
                    categories.add("-");
                }
            }
            axes.add(new Charts.Axis(p, categories));
        }
        if (requested.size() > 1) {
            axes.addFirst(new Charts.Axis("experiment", ranked.stream().map(r -> r.experiment().name()).distinct().sorted().toList()));
        }
        axes.add(new Charts.Axis(m, null));
        List<List<Object>> rows = new ArrayList<>();
        for (ComparedTrials.Row r : ranked) {
            List<Object> row = new ArrayList<>();
            if (requested.size() > 1) {
                row.add(r.experiment().name());
            }
            for (int i = 0; i < params.size(); i++) {
                Object v = r.trial().params() == null ? null : r.trial().params().get(params.get(i));
                row.add(v == null ? "-" : categorical.get(i) ? ComparedTrials.category(v) : v);
            }
            row.add(data.value(r, m));
            rows.add(row);
        }
        double min = ranked.stream().mapToDouble(r -> data.value(r, m)).min().orElse(0);
        double max = ranked.stream().mapToDouble(r -> data.value(r, m)).max().orElse(1);
        parallel.show(Charts.parallel(m + " across parameters", axes, rows, min, max));
    }

    private void drawScatter() {
        String m = metric.getValue();
        String p = scatterParam.getValue();
        if (m == null || p == null) {
            return;
        }
        List<ComparedTrials.Row> ranked = data.ranked(m);
        boolean numeric = !data.categorical(p);
        List<String> categories = numeric ? null : ComparedTrials.categories(p, ranked);
        Map<String, List<double[]>> byExperiment = new java.util.LinkedHashMap<>();
        for (ComparedTrials.Row r : ranked) {
            Object v = r.trial().params() == null ? null : r.trial().params().get(p);
            if (v == null) {
                continue;
            }
            double x = numeric ? ((Number) v).doubleValue() : categories.indexOf(ComparedTrials.category(v));
            byExperiment.computeIfAbsent(r.experiment().name(), n -> new ArrayList<>()).add(new double[] {x, data.value(r, m)});
        }
        scatter.show(Charts.scatter(m + " against " + p, p, m, categories,
                byExperiment.entrySet().stream().map(e -> new Charts.Series(e.getKey(), e.getValue())).toList()));
    }

    private void drawBest() {
        String m = metric.getValue();
        best.removeAllColumns();
        if (m == null) {
            return;
        }
        List<ComparedTrials.Row> top = data.ranked(m).stream().limit(BEST_ROWS).toList();
        List<String> params = onlyDiffering.getValue() ? ComparedTrials.differing(data.parameters(), top) : data.parameters();
        best.addColumn(r -> r.experiment().name()).setHeader("Experiment").setAutoWidth(true);
        best.addColumn(r -> "#" + r.trial().number()).setHeader("Trial").setWidth("5em").setFlexGrow(0);
        best.addColumn(r -> String.format(Locale.ROOT, "%.4f", data.value(r, m))).setHeader(m);
        for (String p : params) {
            best.addColumn(r -> format(r.trial().params() == null ? null : r.trial().params().get(p))).setHeader(p);
        }
        best.setItems(top);
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) < 1e-3 && d != 0 ? String.format(Locale.ROOT, "%.2e", d) : String.format(Locale.ROOT, "%.4g", d);
        }
        return v == null ? "" : String.valueOf(v);
    }

    /** The experiments with the given ids, for tests and links. */
    public static QueryParameters query(List<String> experimentIds) {
        return QueryParameters.simple(Map.of("e", String.join(",", experimentIds)));
    }

}
