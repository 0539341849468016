package org.transferlab.dashboard.base;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouterLayout;
import com.vaadin.flow.server.VaadinSession;

/** The frame around every view but the login: navigation, the user's name and role, log out. */
public class MainLayout extends VerticalLayout implements RouterLayout {

    private final Div content = new Div();

    public MainLayout() {
        HorizontalLayout nav = new HorizontalLayout();
        nav.setId("main-nav");
        nav.setWidthFull();
        nav.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        nav.getStyle().set("border-bottom", "1px solid var(--lumo-contrast-10pct)").set("padding-bottom", "var(--lumo-space-s)");
        Span brand = new Span("TransferLab");
        brand.getStyle().set("font-weight", "600").set("margin-right", "var(--lumo-space-l)");
        nav.add(brand, link("Experiments", "", "nav-experiments"), link("Launch", "launch", "nav-launch"),
                link("Compare", "compare", "nav-compare"), link("Cluster", "cluster", "nav-cluster"));
        Span user = new Span(LabSession.current().map(s -> s.name() + " (" + s.role() + ")").orElse(""));
        user.setId("current-user");
        user.getStyle().set("margin-left", "auto").set("color", "var(--lumo-secondary-text-color)");
        Button logout = new Button("Log out", click -> {
            LabSession.logout(VaadinSession.getCurrent());
            click.getSource().getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        nav.add(user, logout);
        content.setSizeFull();
        add(nav, content);
        setSizeFull();
        setPadding(true);
    }

    private static Component link(String text, String href, String id) {
        Anchor a = new Anchor(href.isEmpty() ? "./" : href, text);
        a.setId(id);
        return a;
    }

    @Override
    public void showRouterLayoutContent(HasElement view) {
        content.getElement().removeAllChildren();
        if (view != null) {
            content.getElement().appendChild(view.getElement());
        }
    }
}
