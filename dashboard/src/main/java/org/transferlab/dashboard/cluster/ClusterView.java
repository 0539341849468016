package org.transferlab.dashboard.cluster;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.base.PollingView;
import org.transferlab.protocol.view.SlotView;
import org.transferlab.protocol.view.WorkerView;

/**
 * The lab's machines, live: each worker node with its devices and how busy it is, and each slot
 * with its device, state, running trial and utilisation over the last five minutes. Polled every
 * second; pushed only when something changed.
 */
@Route(value = "cluster", layout = MainLayout.class)
@PageTitle("Cluster · TransferLab")
public class ClusterView extends PollingView<ClusterView.Snapshot> {

    record Snapshot(List<WorkerView> workers, List<SlotView> slots) {}

    private final Grid<WorkerView> workers = new Grid<>();
    private final Grid<SlotView> slots = new Grid<>();
    private final Span summary = new Span();

    public ClusterView() {
        super(Duration.ofSeconds(1));
        workers.setId("workers-grid");
        workers.addThemeVariants(GridVariant.LUMO_COMPACT);
        workers.addColumn(WorkerView::node).setHeader("Node").setFlexGrow(2).setTooltipGenerator(WorkerView::node);
        workers.addColumn(w -> String.join(", ", w.devices())).setHeader("Devices");
        workers.addColumn(WorkerView::slots).setHeader("Slots");
        workers.addColumn(WorkerView::running).setHeader("Running");
        workers.addColumn(w -> percent(w.utilisation())).setHeader("Utilisation (5 min)");
        workers.setAllRowsVisible(true);
        slots.setId("slots-grid");
        slots.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        // ids as long as "slot-0@tlab@127.0.0.1:25520" or "exp-4fc07b1871-t12": the columns fit them, and tooltips show them whole
        slots.addColumn(SlotView::slotId).setHeader("Slot").setAutoWidth(true).setTooltipGenerator(SlotView::slotId);
        slots.addColumn(SlotView::node).setHeader("Node").setAutoWidth(true).setTooltipGenerator(SlotView::node);
        slots.addColumn(SlotView::device).setHeader("Device");
        slots.addColumn(SlotView::state).setHeader("State");
        slots.addColumn(s -> Objects.toString(s.trialId(), "")).setHeader("Running trial").setAutoWidth(true)
                .setTooltipGenerator(s -> Objects.toString(s.trialId(), ""));
        slots.addComponentColumn(s -> {
            ProgressBar bar = new ProgressBar(0, 1, s.utilisation() == null ? 0 : s.utilisation());
            bar.setWidth("8em");
            return bar;
        }).setHeader("Utilisation");
        slots.addColumn(s -> percent(s.utilisation())).setHeader("%");
        slots.addColumn(s -> s.busySeconds() == null ? "" : s.busySeconds() + " s").setHeader("Busy (5 min)");
        slots.setAllRowsVisible(true);
        summary.setId("cluster-summary");
        add(new H2("Cluster"), summary, problem, new H3("Workers"), workers, new H3("Slots"), slots);
        setWidthFull();
    }

    @Override
    protected Snapshot read(LabApiClient client) {
        return new Snapshot(client.workers(), client.slots());
    }

    @Override
    protected void show(Snapshot s) {
        long running = s.slots().stream().filter(x -> x.trialId() != null).count();
        summary.setText(s.workers().size() + " worker node(s), " + s.slots().size() + " slot(s), " + running + " running.");
        workers.setItems(s.workers());
        slots.setItems(s.slots());
        slots.recalculateColumnWidths(); // auto widths follow the slots shown now, not the empty first render
    }

    private static String percent(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
