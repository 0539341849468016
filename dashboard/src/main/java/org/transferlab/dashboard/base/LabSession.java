package org.transferlab.dashboard.base;

import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;
import org.transferlab.client.LabApiClient;

/**
 * The logged-in user of one browser session: their token (inside an API client that sends it) and
 * the name and role the API gave it. Kept in the {@link VaadinSession}; views take the client from
 * here, so every call a user's view makes carries that user's token.
 */
public record LabSession(LabApiClient client, String name, String role) {

    public boolean mayWrite() {
        return !"read".equals(role);
    }

    public static Optional<LabSession> current() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(LabSession.class));
    }

    /** The current user's API client; only called by views, which the login guard shows to logged-in users only. */
    public static LabApiClient api() {
        return current().map(LabSession::client)
                .orElseThrow(() -> new IllegalStateException("no one is logged in to this dashboard session"));
    }

    public static void login(VaadinSession session, LabSession user) {
        session.setAttribute(LabSession.class, user);
    }

    public static void logout(VaadinSession session) {
        session.setAttribute(LabSession.class, null);
    }
}
