package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
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
import org.transferlab.dashboard.base.DashboardServlet;
import org.transferlab.dashboard.client.EventSubscription;
import org.transferlab.dashboard.client.LabApiClient;
import org.transferlab.dashboard.client.LabApiException;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialView;

/**
 * One experiment: status and best value, its trials, and learning curves that grow while trials run.
 *
 * <p>Live updates: the page subscribes to the experiment's event stream on attach and closes it on
 * detach. Events only queue up; a tick on the dashboard's scheduler drains the queue at most
 * {@link #TICK} apart, applies metric events to the local copy, re-reads experiment and trials from
 * the API when an event changes a status, and pushes one update to the browser per tick with news.
 */
@Route("experiments/:id")
public class ExperimentPage extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final Duration TICK = Duration.ofMillis(400);
    /** A full re-read now and then repairs anything a dropped stream missed. */
    static final Duration FULL_REFRESH = Duration.ofSeconds(10);
    /** Pause after a failed API call before the next attempt. */
    static final Duration RETRY = Duration.ofSeconds(3);

    private final LabApiClient api;
    private final ScheduledExecutorService scheduler;

    private final H2 name = new H2();
    private final Span status = new Span();
    private final Span best = new Span();
    private final Span problem = new Span();
    private final Grid<TrialView> trialsGrid = new Grid<>();
    private final Select<String> metric = new Select<>();
    private final CurvesChart chart = new CurvesChart();

    private String experimentId;
    private ScheduledFuture<?> ticking;
    private EventSubscription events;
    private boolean attached;

    // Owned by the tick (one at a time on the scheduler); the UI reads immutable snapshots.
    private final Queue<LabEvent> pending = new ConcurrentLinkedQueue<>();
    private final LearningCurves curves = new LearningCurves();
    private final Map<String, TrialView> trials = new LinkedHashMap<>();
    private ExperimentView experiment;
    private long lastFullRead;
    private String lastProblem;
    private long retryAt;

    // Owned by the UI thread: what the browser shows.
    private List<TrialView> shownTrials = List.of();

    /** What one tick hands to the UI thread. */
    private record Snapshot(ExperimentView experiment, List<TrialView> trials, Set<String> metrics) {}

    public ExperimentPage() {
        DashboardServlet services = DashboardServlet.services();
        this.api = services.api();
        this.scheduler = services.scheduler();

        HorizontalLayout header = buildHeader();
        configureTrialsGrid();
        configureMetricSelect();

        add(new RouterLink("← All experiments", ExperimentsView.class), header, problem,
                new H3("Trials"), trialsGrid, new H3("Learning curves"), metric, chart);
        setSizeFull();
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
        trialsGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        trialsGrid.addColumn(TrialView::number).setHeader("#").setWidth("4em").setFlexGrow(0);
        trialsGrid.addColumn(TrialView::stage).setHeader("Stage");
        trialsGrid.addColumn(t -> t.status() == null ? "" : t.status().name()).setHeader("Status");
        trialsGrid.addColumn(t -> Format.params(t.params())).setHeader("Params").setFlexGrow(3);
        trialsGrid.addColumn(TrialView::epochs).setHeader("Epochs");
        trialsGrid.addColumn(t -> Format.metric(lastMetric(t, "val_accuracy"))).setHeader("val_accuracy");
        trialsGrid.addColumn(t -> Format.metric(lastMetric(t, "val_loss"))).setHeader("val_loss");
        trialsGrid.addColumn(t -> Objects.toString(t.slot(), "")).setHeader("Slot");
        trialsGrid.setAllRowsVisible(true);
    }

    private void configureMetricSelect() {
        metric.setId("metric-select");
        metric.setLabel("Metric");
        metric.addValueChangeListener(change -> {
            if (change.getValue() != null) {
                drawCurves();
            }
        });
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
                readAll();
                curves.recordAll(api.experimentMetrics(experimentId));
                events = api.subscribe(experimentId, pending::add);
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
                Snapshot snapshot = new Snapshot(experiment, List.copyOf(trials.values()), curves.metricNames());
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
                read.finishedAt(), read.message());
    }

    /** Applies a metric event locally; returns false when the event needs a fresh read instead. */
    private boolean apply(LabEvent event) {
        if (!"trial.metrics".equals(event.type()) || event.metrics() == null || event.epoch() == null) {
            return false;
        }
        TrialView trial = trials.get(event.trialId());
        if (trial == null) {
            return false;
        }
        event.metrics().forEach((metricName, value) -> curves.record(trial.id(), metricName, event.epoch(), value));
        if (event.epoch() >= trial.epochs()) {
            Map<String, Double> last = new HashMap<>(trial.lastMetrics() == null ? Map.of() : trial.lastMetrics());
            last.putAll(event.metrics());
            trials.put(trial.id(), new TrialView(trial.id(), trial.experimentId(), trial.number(), trial.stage(),
                    trial.status(), trial.params(), trial.slot(), event.epoch(), last, trial.objective(),
                    trial.startedAt(), trial.finishedAt(), trial.message()));
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
        status.setText(e.status() == null ? "" : e.status().name());
        best.setText(e.bestValue() == null ? "best " + e.objectiveMetric() + ": –"
                : "best " + e.objectiveMetric() + ": " + Format.metric(e.bestValue()) + bestTrial(e, snapshot.trials()));
        if (!snapshot.trials().equals(shownTrials)) {
            shownTrials = snapshot.trials();
            trialsGrid.setItems(shownTrials);
        }
        List<String> names = new ArrayList<>(snapshot.metrics());
        if (e.objectiveMetric() != null && !names.contains(e.objectiveMetric())) {
            names.add(0, e.objectiveMetric());
        }
        String selected = metric.getValue();
        if (!names.equals(metric.getListDataView().getItems().toList())) {
            metric.setItems(names);
            metric.setValue(selected != null && names.contains(selected) ? selected : e.objectiveMetric());
        } else if (selected == null) {
            metric.setValue(e.objectiveMetric());
        }
        drawCurves();
    }

    private static String bestTrial(ExperimentView e, List<TrialView> trials) {
        return trials.stream().filter(t -> t.id().equals(e.bestTrialId())).findFirst()
                .map(t -> " (trial " + t.number() + ")").orElse("");
    }

    private void drawCurves() {
        String selected = metric.getValue();
        if (selected == null) {
            return;
        }
        List<CurvesChart.Series> series = shownTrials.stream()
                .map(t -> new CurvesChart.Series("trial " + t.number(), curves.curve(t.id(), selected)))
                .filter(s -> !s.points().isEmpty())
                .toList();
        chart.show(selected, series);
    }

    private static Double lastMetric(TrialView trial, String name) {
        return trial.lastMetrics() == null ? null : trial.lastMetrics().get(name);
    }
}
