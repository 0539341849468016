package org.transferlab.dashboard.experiments;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.base.PollingView;
import org.transferlab.dashboard.compare.CompareView;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;

/**
 * Every experiment with its progress, newest first, refreshed in the background while the page is
 * open; filter by name, status and kind, sort by any column (best value, date...), cancel, pause or
 * resume, select several to compare. A click on a name opens the experiment. The list is polled
 * and pushed only when it changed.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Experiments · TransferLab")
public class ExperimentsView extends PollingView<List<ExperimentView>> {

    static final Duration REFRESH = Duration.ofSeconds(2);
    private static final String ALL = "all";

    private final Grid<ExperimentView> grid = new Grid<>();
    private GridListDataView<ExperimentView> rows;
    private final TextField nameFilter = new TextField();
    private final Select<String> statusFilter = new Select<>();
    private final Select<String> kindFilter = new Select<>();
    private final Button compare = new Button("Compare selected");

    public ExperimentsView() {
        super(REFRESH);
        configureFilters();
        configureGrid();
        compare.setId("compare-selected");
        compare.setEnabled(false);
        compare.addClickListener(c -> getUI().ifPresent(ui -> ui.navigate(CompareView.class,
                CompareView.query(grid.getSelectedItems().stream().map(ExperimentView::id).toList()))));

        HorizontalLayout filters = new HorizontalLayout(nameFilter, statusFilter, kindFilter, compare);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(new H2("Experiments"), filters, problem, grid);
        setSizeFull();
    }

    private void configureFilters() {
        nameFilter.setId("filter-name");
        nameFilter.setPlaceholder("Filter by name");
        nameFilter.setClearButtonVisible(true);
        nameFilter.setValueChangeMode(ValueChangeMode.LAZY);
        nameFilter.addValueChangeListener(c -> applyFilter());
        statusFilter.setId("filter-status");
        statusFilter.setLabel("Status");
        statusFilter.setItems(java.util.stream.Stream.concat(java.util.stream.Stream.of(ALL),
                java.util.Arrays.stream(ExperimentStatus.values()).map(Enum::name)).toList());
        statusFilter.setValue(ALL);
        statusFilter.addValueChangeListener(c -> applyFilter());
        kindFilter.setId("filter-kind");
        kindFilter.setLabel("Kind");
        kindFilter.setItems(ALL, "finetune", "gtl", "distillation", "synthetic");
        kindFilter.setValue(ALL);
        kindFilter.addValueChangeListener(c -> applyFilter());
    }

    private void configureGrid() {
        grid.setId("experiments-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(ExperimentView::name).setHeader("Name").setFlexGrow(2).setSortable(true).setKey("name");
        grid.addColumn(ExperimentView::kind).setHeader("Kind").setSortable(true).setKey("kind");
        grid.addColumn(ExperimentView::statusText).setHeader("Status").setSortable(true).setKey("status");
        grid.addColumn(e -> e.trialsDone() + " / " + e.trialsTotal()).setHeader("Trials done");
        grid.addColumn(e -> Format.metric(e.bestValue())).setHeader("Best value").setKey("best")
                .setComparator(Comparator.comparing(ExperimentView::bestValue, Comparator.nullsFirst(Comparator.naturalOrder())));
        grid.addColumn(e -> Format.time(e.createdAt())).setHeader("Created").setFlexGrow(2).setKey("created")
                .setComparator(Comparator.comparing(ExperimentView::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        grid.addItemClickListener(click -> {
            if (click.getColumn() != null && "name".equals(click.getColumn().getKey())) {
                click.getSource().getUI().ifPresent(ui -> ui.navigate(ExperimentPage.class, ExperimentPage.parameters(click.getItem().id())));
            }
        });
        grid.addItemDoubleClickListener(click -> click.getSource().getUI()
                .ifPresent(ui -> ui.navigate(ExperimentPage.class, ExperimentPage.parameters(click.getItem().id()))));
        grid.addSelectionListener(s -> compare.setEnabled(!s.getAllSelectedItems().isEmpty()));
        grid.setSizeFull();
        rows = grid.setItems(List.of());
    }

    private HorizontalLayout actions(ExperimentView e) {
        HorizontalLayout buttons = new HorizontalLayout();
        buttons.setSpacing(false);
        if (e.status() != null && !e.status().terminal()) {
            // only what the status allows: pause a running experiment, resume a paused one
            if (e.status() == ExperimentStatus.PAUSED) {
                buttons.add(action("Resume", e, client -> client.resume(e.id())));
            } else {
                buttons.add(action("Pause", e, client -> client.pause(e.id())));
            }
            buttons.add(action("Cancel", e, client -> client.cancel(e.id())));
        }
        return buttons;
    }

    private Button action(String label, ExperimentView e, Consumer<LabApiClient> call) {
        Button b = new Button(label, click -> {
            try {
                call.accept(api);
                problem.setVisible(false);
            } catch (LabApiException failure) {
                problem.setText(label + " " + e.name() + ": " + failure.getMessage());
                problem.setVisible(true);
            }
        });
        b.setId(label.toLowerCase(Locale.ROOT) + "-" + e.id());
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return b;
    }

    private void applyFilter() {
        String name = Objects.toString(nameFilter.getValue(), "").strip().toLowerCase(Locale.ROOT);
        String status = statusFilter.getValue();
        String kind = kindFilter.getValue();
        rows.setFilter(e -> (name.isEmpty() || e.name().toLowerCase(Locale.ROOT).contains(name))
                && (status == null || status.equals(ALL) || (e.status() != null && e.status().name().equals(status)))
                && (kind == null || kind.equals(ALL) || kind.equalsIgnoreCase(e.kind())));
    }

    @Override
    protected List<ExperimentView> read(LabApiClient client) {
        return client.experiments().stream()
                .sorted(Comparator.comparing(ExperimentView::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** A new list keeps the rows a user selected (to compare) and the filters they set. */
    @Override
    protected void show(List<ExperimentView> experiments) {
        java.util.Set<String> selected = grid.getSelectedItems().stream().map(ExperimentView::id).collect(java.util.stream.Collectors.toSet());
        rows = grid.setItems(experiments);
        applyFilter();
        experiments.stream().filter(e -> selected.contains(e.id())).forEach(grid::select);
    }
}
