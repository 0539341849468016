package org.transferlab.dashboard.base;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServlet;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.web.HostAllowList;

/**
 * The Vaadin servlet of one dashboard, holding the services its views share: the API client and the
 * scheduler that paces background refreshes. Views reach it with {@link #services()} while they are
 * built (on a request thread).
 */
public class DashboardServlet extends VaadinServlet {

    private final transient LabApiClient api;
    private final transient ScheduledExecutorService scheduler;
    private final long maxArtifactTextBytes;

    public DashboardServlet(LabApiClient api, ScheduledExecutorService scheduler, long maxArtifactTextBytes) {
        this.api = Objects.requireNonNull(api, "api");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.maxArtifactTextBytes = maxArtifactTextBytes;
    }

    /**
     * Sends every view but the login to the login view until the session has a user. A dashboard
     * started with a token (the standalone lab passes its own) logs a new session in with it only
     * when the visitor is on this machine: the request came over loopback and names a loopback host.
     * Anyone else, and any page that reached the dashboard under another name, sees the login.
     */
    @Override
    protected void servletInitialized() throws jakarta.servlet.ServletException {
        super.servletInitialized();
        getService().addUIInitListener(init -> init.getUI().addBeforeEnterListener(enter -> {
            if (enter.getNavigationTarget() == LoginView.class || LabSession.current().isPresent()) {
                return;
            }
            if (api.token() != null && local(VaadinService.getCurrentRequest())) {
                LabSession.login(init.getUI().getSession(), new LabSession(api, "local user", "admin"));
            } else {
                enter.forwardTo("login", com.vaadin.flow.router.QueryParameters.simple(
                        java.util.Map.of("to", enter.getLocation().getPathWithQueryParameters())));
            }
        }));
    }

    /** Whether the request comes from this machine, to this machine under a loopback name. */
    static boolean local(VaadinRequest request) {
        if (request == null) {
            return false;
        }
        String peer = request.getRemoteAddr();
        boolean loopbackPeer = peer != null && (peer.startsWith("127.") || peer.equals("::1") || peer.equals("0:0:0:0:0:0:0:1")
                || peer.equals("[::1]"));
        return loopbackPeer && HostAllowList.isLoopback(request.getHeader("Host"));
    }

    /** The largest artifact a view reads as text. */
    public long maxArtifactTextBytes() {
        return maxArtifactTextBytes;
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
