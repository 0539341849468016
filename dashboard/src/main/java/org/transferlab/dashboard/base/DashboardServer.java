package org.transferlab.dashboard.base;

import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.server.InitParameters;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.cluster.ClusterView;
import org.transferlab.dashboard.compare.CompareView;
import org.transferlab.dashboard.distill.DistillationView;
import org.transferlab.dashboard.experiments.ExperimentPage;
import org.transferlab.dashboard.experiments.ExperimentsView;
import org.transferlab.dashboard.gtl.GtlView;
import org.transferlab.dashboard.launch.LaunchView;

/**
 * The dashboard web server: Vaadin Flow in production mode on embedded Jetty (EE11), started from
 * plain Java. Nothing is found by scanning: the Vaadin initializers that a servlet container would
 * discover run here with an explicit list of routes and the app shell, so the server behaves the
 * same from a module class path and from one shaded jar. The front end is Vaadin's pre-compiled
 * production bundle packed into this module's jar at build time (see the module pom); no npm or node
 * is needed at build or run time.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    /** Where the views load ECharts from; served out of the WebJar on the class path. */
    public static final String ECHARTS_PATH = "/assets/echarts.min.js";
    private static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final Server jetty;
    private final ScheduledExecutorService scheduler;
    private final int port;

    private DashboardServer(Server jetty, ScheduledExecutorService scheduler, int port) {
        this.jetty = jetty;
        this.scheduler = scheduler;
        this.port = port;
    }

    /** Starts a dashboard for the given settings and returns once it serves requests. */
    public static DashboardServer start(DashboardSettings settings) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("dashboard-refresh-", 0).factory());
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        // Vaadin's initializers load classes through the context's class loader; give it ours.
        context.setClassLoader(DashboardServer.class.getClassLoader());
        context.setBaseResource(classpathWebResources(context));
        // Vaadin's own container initializers, run with explicit classes instead of a scan.
        // The lookup initializer acts only when its default LookupInitializer is among the found classes.
        context.addServletContainerInitializer(new LookupServletContainerInitializer(), LookupInitializer.class);
        context.addServletContainerInitializer(new VaadinAppShellInitializer(), DashboardShell.class);
        context.addServletContainerInitializer(new RouteRegistryInitializer(), LoginView.class, ExperimentsView.class,
                ExperimentPage.class, LaunchView.class, CompareView.class, GtlView.class, DistillationView.class, ClusterView.class);
        context.addServletContainerInitializer(new ErrorNavigationTargetInitializer());
        // Jakarta WebSocket container for Atmosphere, which carries @Push.
        JakartaWebSocketServletContainerInitializer.configure(context, null);

        // The session cookie: never readable by scripts, and never sent with another site's
        // subrequests or POSTs. Lax rather than Strict: a link to an experiment pasted in a chat or
        // wiki still opens the user's session, and Strict would add nothing against forged
        // requests, since Vaadin changes state only by same-origin POSTs carrying its CSRF token.
        context.getSessionHandler().getSessionCookieConfig().setHttpOnly(true);
        context.getSessionHandler().getSessionCookieConfig().setAttribute("SameSite", "Lax");
        context.addFilter(new FilterHolder(new HostFilter(settings.hosts())), "/*", EnumSet.of(DispatcherType.REQUEST));

        LabApiClient api = new LabApiClient(settings.apiUrl(), settings.apiToken());
        ServletHolder vaadin = new ServletHolder("vaadin", new DashboardServlet(api, scheduler, settings.maxArtifactTextBytes()));
        vaadin.setInitParameter(InitParameters.SERVLET_PARAMETER_PRODUCTION_MODE, "true");
        vaadin.setAsyncSupported(true);
        vaadin.setInitOrder(1);
        context.addServlet(vaadin, "/*");
        context.addServlet(new ServletHolder("assets",
                new ClasspathAssetServlet(Map.of("/echarts.min.js", ECHARTS_RESOURCE))), "/assets/*");

        jetty.setHandler(context);
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            scheduler.shutdownNow();
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("dashboard failed to start on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        int port = connector.getLocalPort();
        log.info("TransferLab dashboard on http://{}:{}/ reading {}", settings.host(), port, settings.apiUrl());
        return new DashboardServer(jetty, scheduler, port);
    }

    /**
     * Every {@code META-INF/resources} folder on the class path as one web root: what a servlet
     * container would serve from {@code WEB-INF/lib} jars (Vaadin's push script lives there). In a
     * shaded jar the folders are merged into one, which serves the same paths.
     */
    private static Resource classpathWebResources(ServletContextHandler context) {
        ResourceFactory factory = ResourceFactory.of(context);
        List<Resource> roots = new ArrayList<>();
        try {
            Enumeration<URL> urls = DashboardServer.class.getClassLoader().getResources("META-INF/resources");
            while (urls.hasMoreElements()) {
                roots.add(factory.newResource(urls.nextElement().toURI()));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list META-INF/resources on the class path", e);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("no META-INF/resources on the class path: is flow-push missing?");
        }
        return ResourceFactory.combine(roots);
    }

    /** The port it listens on (the chosen one when the settings asked for 0). */
    public int port() {
        return port;
    }

    public URI url() {
        String host = jetty.getURI() == null ? "127.0.0.1" : jetty.getURI().getHost();
        return URI.create("http://" + host + ":" + port + "/");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            jetty.stop();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("dashboard did not stop cleanly: {}", e.toString());
        }
    }

    /** Runs the dashboard alone: {@code --api URL --port N [--host H] [--token T]}. */
    public static void main(String[] args) throws InterruptedException {
        DashboardSettings settings = DashboardSettings.load();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--api" -> settings = settings.withApi(URI.create(required(args[i], value)), settings.apiToken());
                case "--token" -> settings = settings.withApi(settings.apiUrl(), required(args[i], value));
                case "--port" -> settings = settings.withPort(Integer.parseInt(required(args[i], value)));
                case "--host" -> settings = settings.withHost(required(args[i], value));
                default -> {
                    System.err.println("usage: DashboardServer [--api URL] [--port N] [--host H] [--token T]");
                    System.exit(2);
                }
            }
            i++;
        }
        DashboardServer server = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dashboard-shutdown"));
        server.jetty.join();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
