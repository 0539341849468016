package org.transferlab.lab.node;

import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tlab dashboard --api URL}: the web dashboard alone, as a client of a lab's API. */
@Command(name = "dashboard", description = "Run the web dashboard against a lab's API.")
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--api", description = "API base URL (default: transferlab.dashboard.api-url)")
    String api;

    @Option(names = "--port", description = "dashboard port (default 8080)")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        DashboardSettings settings = DashboardSettings.load();
        if (api != null) {
            settings = settings.withApi(URI.create(api), settings.apiToken());
        }
        if (port != null) {
            settings = settings.withPort(port);
        }
        DashboardServer server = DashboardServer.start(settings);
        System.out.println("TransferLab dashboard: " + server.url() + " (API " + settings.apiUrl() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
        return 0;
    }
}
