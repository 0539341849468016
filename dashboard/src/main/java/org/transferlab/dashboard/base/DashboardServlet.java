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

    /**
     * Sends every view but the login to the login view until the session has a user. A dashboard
     * started with a token (the standalone lab passes its own) logs each new session in with it:
     * the local user never sees the login.
     */
    @Override
    protected void servletInitialized() throws jakarta.servlet.ServletException {
        super.servletInitialized();
        getService().addUIInitListener(init -> init.getUI().addBeforeEnterListener(enter -> {
            if (enter.getNavigationTarget() == LoginView.class || LabSession.current().isPresent()) {
                return;
            }
            if (api.token() != null) {
                LabSession.login(init.getUI().getSession(), new LabSession(api, "local user", "admin"));
            } else {
                enter.forwardTo("login", com.vaadin.flow.router.QueryParameters.simple(
                        java.util.Map.of("to", enter.getLocation().getPathWithQueryParameters())));
            }
        }));
    }

    /** The API client with the dashboard's own token (if it was started with one); views use {@link LabSession#api()}. */
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
