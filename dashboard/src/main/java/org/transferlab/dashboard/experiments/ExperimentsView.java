package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.transferlab.dashboard.base.DashboardServlet;
import org.transferlab.dashboard.client.LabApiClient;
import org.transferlab.dashboard.client.LabApiException;
import org.transferlab.protocol.view.ExperimentView;

/**
 * Every experiment with its progress, newest first, refreshed in the background while the page is
 * open; a click opens the experiment. The API has no list-wide stream, so the list is polled and only
 * pushed to the browser when it changed.
 */
@Route("")
@PageTitle("Experiments · TransferLab")
public class ExperimentsView extends VerticalLayout {

    static final Duration REFRESH = Duration.ofSeconds(2);

    private final LabApiClient api;
    private final ScheduledExecutorService scheduler;
    private final Grid<ExperimentView> grid = new Grid<>();
    private final Span problem = new Span();
    private ScheduledFuture<?> refresh;
    private volatile List<ExperimentView> shown;
    private volatile String shownProblem;

    public ExperimentsView() {
        DashboardServlet services = DashboardServlet.services();
        this.api = services.api();
        this.scheduler = services.scheduler();

        configureGrid();
        problem.setId("api-problem");
        problem.setVisible(false);
        problem.getStyle().set("color", "var(--lumo-error-text-color)");

        add(new H2("Experiments"), problem, grid);
        setSizeFull();
    }

    private void configureGrid() {
        grid.setId("experiments-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(ExperimentView::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(ExperimentView::kind).setHeader("Kind");
        grid.addColumn(e -> e.status() == null ? "" : e.status().name()).setHeader("Status");
        grid.addColumn(e -> e.trialsDone() + " / " + e.trialsTotal()).setHeader("Trials done");
        grid.addColumn(e -> Format.metric(e.bestValue())).setHeader("Best value");
        grid.addColumn(e -> Format.time(e.createdAt())).setHeader("Created").setFlexGrow(2);
        grid.addItemClickListener(click -> click.getSource().getUI()
                .ifPresent(ui -> ui.navigate(ExperimentPage.class, ExperimentPage.parameters(click.getItem().id()))));
        grid.setSizeFull();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        UI ui = attachEvent.getUI();
        refresh = scheduler.scheduleWithFixedDelay(() -> load(ui), 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
    }

    private void load(UI ui) {
        List<ExperimentView> experiments;
        String failure = null;
        try {
            experiments = api.experiments().stream()
                    .sorted(Comparator.comparing(ExperimentView::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                    .toList();
        } catch (LabApiException e) {
            experiments = null;
            failure = e.getMessage();
        }
        boolean listChanged = experiments != null && !experiments.equals(shown);
        if (!listChanged && Objects.equals(failure, shownProblem)) {
            return; // nothing new: no push
        }
        if (experiments != null) {
            shown = experiments;
        }
        shownProblem = failure;
        List<ExperimentView> loaded = listChanged ? experiments : null;
        String message = failure;
        ui.access(() -> show(loaded, message));
    }

    private void show(List<ExperimentView> experiments, String failure) {
        problem.setVisible(failure != null);
        problem.setText(failure == null ? "" : failure);
        if (experiments != null) {
            grid.setItems(experiments);
        }
    }
}
