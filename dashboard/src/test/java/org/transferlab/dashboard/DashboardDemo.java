package org.transferlab.dashboard;

import org.transferlab.client.FakeLabApi;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;

/** Runs the dashboard against {@link FakeLabApi} by hand: {@code DashboardDemo [port]}. */
public final class DashboardDemo {

    private DashboardDemo() {}

    public static void main(String[] args) throws Exception {
        FakeLabApi api = new FakeLabApi();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        DashboardServer server = DashboardServer.start(DashboardSettings.forApi(api.url().toString()).withApi(api.url(), FakeLabApi.TOKEN).withPort(port));
        System.out.println("dashboard on " + server.url() + " with fake API " + api.url());
        for (int epoch = 3; ; epoch++) {
            Thread.sleep(1000);
            api.publish(api.metrics("trial-1", epoch, 0.81 + epoch * 0.01, 0.62 - epoch * 0.02));
            api.publish(api.metrics("trial-2", epoch - 1, 0.65 + epoch * 0.01, 1.0 - epoch * 0.03));
        }
    }
}
