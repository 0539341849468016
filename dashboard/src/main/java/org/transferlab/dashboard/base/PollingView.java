package org.transferlab.dashboard.base;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;

/**
 * A view that reads a snapshot from the API on the dashboard's scheduler every {@code period} while
 * attached, and pushes it to the browser only when it differs from the last one shown: at most one
 * push per period, none while nothing changes. Failures show in a line at the top and slow nothing else.
 *
 * @param <S> the snapshot; must implement {@code equals}
 */
public abstract class PollingView<S> extends VerticalLayout {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PollingView.class);

    private final ScheduledExecutorService scheduler;
    private final Duration period;
    protected final Span problem = new Span();
    protected LabApiClient api;
    private ScheduledFuture<?> polling;
    private volatile S shown;
    private volatile String shownProblem;

    protected PollingView(Duration period) {
        this.scheduler = DashboardServlet.services().scheduler();
        this.period = period;
        problem.setId("api-problem");
        problem.setVisible(false);
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
    }

    /** Reads the snapshot; runs off the UI thread. */
    protected abstract S read(LabApiClient client);

    /** Shows the snapshot; runs on the UI thread. */
    protected abstract void show(S snapshot);

    /** Whether to keep polling after this snapshot (false once nothing can change any more). */
    protected boolean live(S snapshot) {
        return true;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        UI ui = attachEvent.getUI();
        api = LabSession.api();
        shown = null;
        polling = scheduler.scheduleWithFixedDelay(() -> poll(ui), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    /**
     * One read and, when it differs from what the browser shows, one push. A snapshot counts as shown
     * only once the UI has applied it: a push that never reached the UI (a UI not attached yet, or
     * detached, which makes {@code ui.access} throw) is retried at the next period instead of leaving
     * the view empty until a reload. No exception ends the polling: a scheduled task that throws is
     * never run again.
     */
    private void poll(UI ui) {
        try {
            S snapshot = read(api);
            if (!Objects.equals(snapshot, shown) || shownProblem != null) {
                ui.access(() -> {
                    problem.setVisible(false);
                    show(snapshot);
                    shown = snapshot;
                    shownProblem = null;
                });
            }
            if (!live(snapshot) && polling != null && Objects.equals(snapshot, shown)) {
                polling.cancel(false);
            }
        } catch (LabApiException | IllegalArgumentException e) {
            String message = e.getMessage();
            if (!message.equals(shownProblem)) {
                ui.access(() -> {
                    problem.setText(message);
                    problem.setVisible(true);
                    shownProblem = message;
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("poll of {} failed; the next period tries again", getClass().getSimpleName(), e);
        }
    }
}
