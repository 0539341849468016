package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.transferlab.client.EventSubscription;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.client.compare.ComparedTrials;
import org.transferlab.dashboard.base.BaselineComparison;
import org.transferlab.dashboard.base.Charts;
import org.transferlab.dashboard.base.DashboardServlet;
import org.transferlab.dashboard.base.EChart;
import org.transferlab.dashboard.base.LabSession;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.compare.CompareView;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.Lineage;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.view.TrialView;

/**
 * One experiment: status and best value (a method trial or a baseline, named), the method against its
 * automatic baseline (paired differences with 95 % intervals), pause/resume/cancel, its stage
 * timeline, the transferability stage's ranking of frozen depths when it has one, its trials (with slot, the validation metrics selection reads beside the held-out test
 * metrics each finished trial reports once, and the latest scheduler decision or failure reason
 * from the event log; a running trial can be stopped), a population-based training sweep's lineage
 * (each trial's hyperparameters over time and whose weights it went on from), and learning curves of one or several
 * metrics that grow while trials run.
 *
 * <p>Live updates: the page subscribes to the experiment's event stream on attach and closes it on
 * detach. Events only queue up; a tick on the dashboard's scheduler drains the queue at most
 * {@link #TICK} apart, applies metric events to the local copy, re-reads experiment and trials from
 * the API when an event changes a status, and pushes one update to the browser per tick with news.
 */
@Route(value = "experiments/:id", layout = MainLayout.class)
public class ExperimentPage extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final Duration TICK = Duration.ofMillis(400);
    /** Trial tables longer than this scroll instead of growing the page. */
    static final int MAX_FULL_ROWS = 40;
    /** A full re-read now and then repairs anything a dropped stream missed. */
    static final Duration FULL_REFRESH = Duration.ofSeconds(10);
    /** Pause after a failed API call before the next attempt. */
    static final Duration RETRY = Duration.ofSeconds(3);

    /** Event types whose message explains what happened to a trial. */
    static final java.util.Set<LabEvent.Kind> DECISIONS = java.util.Set.of(LabEvent.Kind.TRIAL_DECISION, LabEvent.Kind.TRIAL_STOPPED, LabEvent.Kind.TRIAL_FAILED,
            LabEvent.Kind.TRIAL_REQUEUED, LabEvent.Kind.TRIAL_COMPLETED, LabEvent.Kind.TRIAL_EXPLOITED);

    private LabApiClient api;
    private final ScheduledExecutorService scheduler;

    private final H2 name = new H2();
    private final Span status = new Span();
    private final Span best = new Span();
    /** The method against its automatic baseline; hidden for an experiment without one. */
    private final BaselineComparison baseline = new BaselineComparison("experiment-comparison");
    /** The transferability stage's ranking of frozen depths; hidden for an experiment without one. */
    private final TransferabilityPanel transferabilityPanel = new TransferabilityPanel();
    /** Population-based training's lineage and hyperparameters over time; hidden without pbt. */
    private final LineagePanel lineagePanel = new LineagePanel();
    private final Span problem = new Span();
    private final Grid<TrialView> trialsGrid = new Grid<>();
    private final MultiSelectComboBox<String> metric = new MultiSelectComboBox<>();
    private final EChart chart = new EChart("curves-chart", "360px");
    private final EChart timeline = new EChart("stage-timeline", "180px");
    private final HorizontalLayout links = new HorizontalLayout();
    private Button pause;
    private Button resume;
    private Button cancel;

    private String experimentId;
    private ScheduledFuture<?> ticking;
    private EventSubscription events;
    private boolean attached;

    // Owned by the tick (one at a time on the scheduler); the UI reads immutable snapshots.
    private final Queue<LabEvent> pending = new ConcurrentLinkedQueue<>();
    private final LearningCurves curves = new LearningCurves();
    private final Map<String, TrialView> trials = new LinkedHashMap<>();
    private final Map<String, String> decisions = new java.util.concurrent.ConcurrentHashMap<>();
    private Comparison comparison;
    private TransferabilityView transferability;
    private Lineage lineage;
    private ExperimentView experiment;
    private long lastFullRead;
    private String lastProblem;
    private long retryAt;

    // Owned by the UI thread: what the browser shows.
    private List<TrialView> shownTrials = List.of();

    /** What one tick hands to the UI thread. */
    private record Snapshot(ExperimentView experiment, List<TrialView> trials, Set<String> metrics, Map<String, String> decisions,
            Comparison comparison, TransferabilityView transferability, Lineage lineage) {}

    private Map<String, String> shownDecisions = Map.of();

    public ExperimentPage() {
        this.scheduler = DashboardServlet.services().scheduler();

        HorizontalLayout header = buildHeader();
        configureTrialsGrid();
        configureMetricSelect();

        baseline.setVisible(false);
        add(new RouterLink("← All experiments", ExperimentsView.class), header, baseline, buildControls(), problem,
                new H3("Stages"), timeline, transferabilityPanel, new H3("Trials"), trialsGrid, lineagePanel, new H3("Learning curves"), metric, chart);
        setWidthFull();
    }

    private HorizontalLayout buildControls() {
        pause = control("Pause", "pause-experiment", () -> api.pause(experimentId));
        resume = control("Resume", "resume-experiment", () -> api.resume(experimentId));
        cancel = control("Cancel", "cancel-experiment", () -> api.cancel(experimentId));
        // until the experiment's status is known nothing can be done to it
        pause.setEnabled(false);
        resume.setEnabled(false);
        cancel.setEnabled(false);
        HorizontalLayout controls = new HorizontalLayout(pause, resume, cancel, links);
        controls.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        return controls;
    }

    private Button control(String label, String id, Runnable call) {
        Button b = new Button(label, click -> {
            try {
                call.run();
                problem.setVisible(false);
            } catch (LabApiException e) {
                problem.setText(label + ": " + e.getMessage());
                problem.setVisible(true);
            }
        });
        b.setId(id);
        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return b;
    }

    /** Route parameters that open the page of the given experiment. */
    public static RouteParameters parameters(String experimentId) {
        return new RouteParameters("id", experimentId);
    }

    private HorizontalLayout buildHeader() {
        name.setId("experiment-name");
        status.setId("experiment-status");
        status.getElement().getThemeList().add("badge");
        best.setId("experiment-best");
        problem.setId("api-problem");
        problem.setVisible(false);
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        HorizontalLayout header = new HorizontalLayout(name, status, best);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return header;
    }

    private void configureTrialsGrid() {
        trialsGrid.setId("trials-grid");
        trialsGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        trialsGrid.getStyle().set("overflow-wrap", "anywhere"); // inherited by the cells: a long name=value breaks rather than hides
        trialsGrid.addColumn(TrialView::number).setHeader("#").setWidth("4em").setFlexGrow(0);
        trialsGrid.addColumn(TrialView::stage).setHeader("Stage");
        trialsGrid.addColumn(t -> t.status() == null ? "" : t.status().name()).setHeader("Status");
        // long values wrap instead of being cut off, and the full text is the cell's tooltip
        trialsGrid.addColumn(t -> Format.params(t.params())).setHeader("Params").setFlexGrow(3).setTooltipGenerator(t -> Format.params(t.params()))
                .setKey("params");
        trialsGrid.addColumn(TrialView::epochs).setHeader("Epochs");
        trialsGrid.addColumn(t -> Format.metric(lastMetric(t, "val_accuracy"))).setHeader("val_accuracy");
        trialsGrid.addColumn(t -> Format.metric(lastMetric(t, "val_loss"))).setHeader("val_loss");
        // held out: scored once on the test split when the trial finished; selection (best, search, schedulers) never reads it
        trialsGrid.addColumn(t -> Format.metric(t.testMetrics().get("test_accuracy"))).setHeader("test_accuracy (held out)")
                .setKey("test_accuracy");
        trialsGrid.addColumn(t -> Format.metric(t.testMetrics().get("test_loss"))).setHeader("test_loss (held out)")
                .setKey("test_loss");
        trialsGrid.addColumn(t -> Objects.toString(t.slot(), "")).setHeader("Slot").setAutoWidth(true)
                .setTooltipGenerator(t -> Objects.toString(t.slot(), "")).setKey("slot");
        trialsGrid.addColumn(t -> shownDecisions.getOrDefault(t.id(), Objects.toString(t.message(), ""))).setHeader("Decision / reason")
                .setFlexGrow(2);
        trialsGrid.addComponentColumn(this::stopButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        trialsGrid.setAllRowsVisible(true);
    }

    private com.vaadin.flow.component.Component stopButton(TrialView t) {
        if (t.status() == null || t.status().terminal()) {
            return new Span();
        }
        Button stop = new Button("Stop", click -> {
            try {
                api.stopTrial(t.id());
                problem.setVisible(false);
            } catch (LabApiException e) {
                problem.setText("Stop trial " + t.number() + ": " + e.getMessage());
                problem.setVisible(true);
            }
        });
        stop.setId("stop-" + t.id());
        stop.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return stop;
    }

    private void configureMetricSelect() {
        metric.setId("metric-select");
        metric.setLabel("Metrics");
        metric.setWidth("30em");
        metric.addValueChangeListener(change -> drawCurves());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        experimentId = event.getRouteParameters().get("id").orElseThrow();
    }

    @Override
    public String getPageTitle() {
        return "Experiment " + experimentId + " · TransferLab";
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        UI ui = attachEvent.getUI();
        api = LabSession.api();
        synchronized (this) {
            attached = true;
        }
        ticking = scheduler.scheduleWithFixedDelay(() -> tick(ui), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected synchronized void onDetach(DetachEvent detachEvent) {
        attached = false;
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (events != null) {
            events.close();
            events = null;
        }
    }

    /** One background step: load or apply queued events, then push at most one update. */
    private synchronized void tick(UI ui) {
        try {
            if (!attached || System.currentTimeMillis() < retryAt) {
                return;
            }
            boolean changed = false;
            if (events == null) {
                // the event log first: every metric it covers is already in the store when the metrics are read next,
                // and the stream then starts after it instead of replaying the whole history
                long seen = readDecisions();
                readAll();
                curves.recordAll(api.experimentMetrics(experimentId));
                events = api.subscribe(experimentId, seen, pending::add);
                changed = true;
            }
            boolean statusChanged = false;
            for (LabEvent event; (event = pending.poll()) != null; ) {
                changed = true;
                statusChanged |= !apply(event);
            }
            boolean stale = System.currentTimeMillis() - lastFullRead > FULL_REFRESH.toMillis()
                    && (experiment.status() == null || !experiment.status().terminal());
            if (statusChanged || stale) {
                readAll();
                changed = true;
            }
            if (changed || lastProblem != null) {
                lastProblem = null;
                Snapshot snapshot = new Snapshot(experiment, List.copyOf(trials.values()), curves.metricNames(), Map.copyOf(decisions),
                        comparison, transferability, lineage);
                ui.access(() -> show(snapshot, null));
            }
        } catch (LabApiException e) {
            failed(ui, e.getMessage());
        } catch (RuntimeException e) {
            failed(ui, "dashboard error: " + e);
        }
    }

    /** Shows a failure once and slows down: the next attempt waits for {@link #RETRY}. */
    private void failed(UI ui, String message) {
        retryAt = System.currentTimeMillis() + RETRY.toMillis();
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            ui.access(() -> show(null, message));
        }
    }

    private void readAll() {
        experiment = api.experiment(experimentId);
        comparison = api.comparison(experimentId);
        transferability = experiment.spec() != null && experiment.spec().withDefaults().transferability().enabled()
                ? api.transferability(experimentId) : null;
        lineage = experiment.spec() != null && experiment.spec().withDefaults().scheduler().pbt() ? api.lineage(experimentId) : null;
        List<TrialView> fresh = new ArrayList<>(api.trials(experimentId));
        fresh.sort(Comparator.comparingInt(TrialView::number));
        Map<String, TrialView> before = new HashMap<>(trials);
        trials.clear();
        for (TrialView t : fresh) {
            trials.put(t.id(), newer(before.get(t.id()), t));
        }
        lastFullRead = System.currentTimeMillis();
    }

    /** The API's copy of a trial, unless the stream already showed a later epoch than it has. */
    private static TrialView newer(TrialView streamed, TrialView read) {
        if (streamed == null || streamed.epochs() <= read.epochs() || read.status() != streamed.status()) {
            return read;
        }
        return new TrialView(read.id(), read.experimentId(), read.number(), read.stage(), read.status(), read.params(),
                read.slot(), streamed.epochs(), streamed.lastMetrics(), read.objective(), read.startedAt(),
                read.finishedAt(), read.message(), read.attempts(), read.configuration(), read.inputs(), read.outputs(),
                read.testMetrics());
    }

    /** Reads the recorded events for the decision column; returns the last sequence number read (-1 for none). */
    private long readDecisions() {
        long last = -1;
        for (LabEvent e : api.eventLog(experimentId, 0, 10_000)) {
            remember(e);
            last = Math.max(last, e.seq());
        }
        return last;
    }

    private void remember(LabEvent e) {
        if (e.trialId() != null && e.message() != null && DECISIONS.contains(e.kind())) {
            decisions.put(e.trialId(), e.kind().shortName() + ": " + e.message());
        }
    }

    /** Applies a metric event locally; returns false when the event needs a fresh read instead. */
    private boolean apply(LabEvent event) {
        remember(event);
        if (event.kind() != LabEvent.Kind.TRIAL_METRICS || event.metrics() == null || event.epoch() == null) {
            return false;
        }
        // the curve keeps the point even for a trial this page has not read yet
        event.metrics().forEach((metricName, value) -> curves.record(event.trialId(), metricName, event.epoch(), value));
        TrialView trial = trials.get(event.trialId());
        if (trial == null) {
            return false;
        }
        if (event.epoch() >= trial.epochs()) {
            Map<String, Double> last = new HashMap<>(trial.lastMetrics() == null ? Map.of() : trial.lastMetrics());
            last.putAll(event.metrics());
            trials.put(trial.id(), new TrialView(trial.id(), trial.experimentId(), trial.number(), trial.stage(),
                    trial.status(), trial.params(), trial.slot(), event.epoch(), last, trial.objective(),
                    trial.startedAt(), trial.finishedAt(), trial.message(), trial.attempts(), trial.configuration(),
                    trial.inputs(), trial.outputs(), trial.testMetrics()));
        }
        return true;
    }

    private void show(Snapshot snapshot, String failure) {
        problem.setVisible(failure != null);
        problem.setText(failure == null ? "" : failure);
        if (snapshot == null) {
            return;
        }
        ExperimentView e = snapshot.experiment();
        name.setText(e.name() + " (" + e.kind() + ")");
        status.setText(e.statusText());
        best.setText(Standing.of(snapshot.trials(), e.objectiveMode()).summary(e.objectiveMetric()));
        baseline.setVisible(snapshot.comparison() != null && snapshot.comparison().hasBaseline());
        if (snapshot.comparison() != null) {
            baseline.show(snapshot.comparison(), null, "Waiting for completed trials of the method and its baseline.");
        }
        transferabilityPanel.show(snapshot.transferability());
        lineagePanel.show(snapshot.lineage(), e.spec() == null ? List.of() : e.spec().withDefaults().scheduler().mutations(),
                e.spec() == null ? 0 : e.spec().withDefaults().train().epochs(),
                e.spec() == null ? null : e.spec().withDefaults().scheduler().explore());
        ExperimentStatus state = e.status();
        pause.setEnabled(state == ExperimentStatus.RUNNING); // the API pauses only a running experiment (409 otherwise)
        resume.setEnabled(state == ExperimentStatus.PAUSED);
        cancel.setEnabled(state != null && !state.terminal());
        if (!snapshot.trials().equals(shownTrials) || !snapshot.decisions().equals(shownDecisions)) {
            shownTrials = snapshot.trials();
            shownDecisions = snapshot.decisions();
            // a few dozen rows show in full; a large sweep scrolls inside a fixed height (the grid renders only what is visible)
            boolean large = shownTrials.size() > MAX_FULL_ROWS;
            trialsGrid.setAllRowsVisible(!large);
            trialsGrid.setHeight(large ? "520px" : null);
            trialsGrid.setItems(shownTrials);
        }
        List<String> names = new ArrayList<>(snapshot.metrics());
        if (e.objectiveMetric() != null && !names.contains(e.objectiveMetric())) {
            names.add(0, e.objectiveMetric());
        }
        Set<String> selected = new java.util.LinkedHashSet<>(metric.getValue());
        selected.retainAll(names);
        if (!names.equals(metric.getListDataView().getItems().toList())) {
            metric.setItems(names);
        }
        if (selected.isEmpty() && e.objectiveMetric() != null) {
            selected.add(e.objectiveMetric());
        }
        if (!selected.equals(metric.getValue())) {
            metric.setValue(selected);
        }
        links.removeAll();
        RouterLink compareLink = new RouterLink("Compare trials", CompareView.class);
        compareLink.setQueryParameters(CompareView.query(List.of(experimentId)));
        links.add(compareLink);
        if ("gtl".equals(e.kind())) {
            links.add(new RouterLink("GTL view", org.transferlab.dashboard.gtl.GtlView.class, parameters(experimentId)));
        } else if ("distillation".equals(e.kind())) {
            links.add(new RouterLink("Distillation view", org.transferlab.dashboard.distill.DistillationView.class, parameters(experimentId)));
        }
        drawTimeline(snapshot.trials());
        drawCurves();
    }

    /** One bar per stage, from its first trial's start to its last trial's end (or now, while it runs). */
    private void drawTimeline(List<TrialView> all) {
        Map<String, long[]> spans = new LinkedHashMap<>();
        Map<String, Boolean> running = new HashMap<>();
        long now = System.currentTimeMillis();
        for (TrialView t : all) {
            if (t.startedAt() == null) {
                continue;
            }
            long from = t.startedAt().toEpochMilli();
            long to = t.finishedAt() == null ? now : t.finishedAt().toEpochMilli();
            spans.merge(t.stage().wire(), new long[] {from, to}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            running.merge(t.stage().wire(), t.finishedAt() == null, Boolean::logicalOr);
        }
        timeline.show(Charts.timeline("stage timeline", spans.entrySet().stream()
                .map(x -> new Charts.Span(x.getKey(), x.getValue()[0], x.getValue()[1], running.get(x.getKey()))).toList()));
    }

    private void drawCurves() {
        Set<String> selected = metric.getValue();
        if (selected.isEmpty()) {
            return;
        }
        boolean several = selected.size() > 1;
        List<Charts.Series> series = new ArrayList<>();
        for (String name : selected) {
            for (TrialView t : shownTrials) {
                if (t.stage().preparatory()) {
                    continue; // pretrain, scouts and teacher learn other tasks: their curves are not the sweep's
                }
                List<double[]> points = curves.curve(t.id(), name);
                if (!points.isEmpty()) {
                    series.add(new Charts.Series("trial " + t.number() + (several ? " · " + name : ""), points));
                }
            }
        }
        String title = String.join(", ", selected)
                + (shownTrials.stream().anyMatch(t -> t.stage().preparatory()) ? " (sweep trials)" : "");
        chart.show(Charts.lines(title, "epoch", several ? "value" : title, series));
    }

    private static Double lastMetric(TrialView trial, String name) {
        return trial.lastMetrics() == null ? null : trial.lastMetrics().get(name);
    }
}
