package org.transferlab.dashboard.base;

import com.vaadin.flow.server.VaadinServlet;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.transferlab.dashboard.client.LabApiClient;

/**
 * The Vaadin servlet of one dashboard, holding the services its views share: the API client and the
 * scheduler that paces background refreshes. Views reach it with {@link #services()} while they are
 * built (on a request thread).
 */
public class DashboardServlet extends VaadinServlet {

    private final transient LabApiClient api;
    private final transient ScheduledExecutorService scheduler;

    public DashboardServlet(LabApiClient api, ScheduledExecutorService scheduler) {
        this.api = Objects.requireNonNull(api, "api");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    public LabApiClient api() {
        return api;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The servlet serving the current request. */
    public static DashboardServlet services() {
        if (VaadinServlet.getCurrent() instanceof DashboardServlet servlet) {
            return servlet;
        }
        throw new IllegalStateException("not inside a request of a DashboardServer");
    }
}
