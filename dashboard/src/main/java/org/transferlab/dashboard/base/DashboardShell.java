package org.transferlab.dashboard.base;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The application shell: turns on server push for every view and applies the Lumo theme, whose
 * style sheet is served at run time from the theme jar (not compiled into the front-end bundle). Registered explicitly by
 * {@link DashboardServer}, never found by a classpath scan.
 */
@StyleSheet(Lumo.STYLESHEET)
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET_XHR)
public class DashboardShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("TransferLab");
    }
}
