package org.transferlab.dashboard.base;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.protocol.view.WhoAmI;

/**
 * Log in with an API token. The token is checked with {@code GET /api/whoami} and, if the API knows
 * it, kept in this browser session (never in a cookie or the page); every call of the user's views
 * then carries it. A read-only token gives a dashboard whose change buttons the API refuses.
 */
@Route("login")
@PageTitle("Log in · TransferLab")
public class LoginView extends VerticalLayout implements com.vaadin.flow.router.BeforeEnterObserver {

    private final PasswordField token = new PasswordField("API token");
    private String returnTo = "";

    public LoginView() {
        token.setId("login-token");
        token.setWidth("28em");
        token.setHelperText("tlab tokens create NAME --role read, or the admin token in the lab's data directory (api-token)");
        Button login = new Button("Log in", click -> login());
        login.setId("login-button");
        login.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        login.addClickShortcut(Key.ENTER);
        add(new H2("TransferLab"), new Paragraph("Log in with a token of this lab's API."), token, login);
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        setSizeFull();
    }

    @Override
    public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
        returnTo = event.getLocation().getQueryParameters().getParameters().getOrDefault("to", java.util.List.of("")).getFirst();
        if (returnTo.startsWith("login")) {
            returnTo = "";
        }
    }

    private void login() {
        String value = token.getValue() == null ? "" : token.getValue().strip();
        if (value.isEmpty()) {
            token.setInvalid(true);
            token.setErrorMessage("paste a token");
            return;
        }
        LabApiClient api = DashboardServlet.services().api().withToken(value);
        WhoAmI who;
        try {
            who = api.whoami();
        } catch (LabApiException e) {
            token.setInvalid(true);
            token.setErrorMessage(e.status() == 401 ? "the API does not know this token (revoked or mistyped)" : e.getMessage());
            return;
        }
        LabSession.login(VaadinSession.getCurrent(), new LabSession(api, who.name(), who.role()));
        getUI().ifPresent(ui -> ui.navigate(returnTo));
    }
}
