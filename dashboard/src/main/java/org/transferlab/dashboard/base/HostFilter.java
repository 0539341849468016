package org.transferlab.dashboard.base;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.transferlab.protocol.web.HostAllowList;

/**
 * Answers only requests whose {@code Host} header is a name the lab chose (loopback ones always).
 * A page whose DNS name was rebound to this machine sends its own name and gets 421 with a JSON
 * error, before Vaadin makes a session for it, so it never gets a dashboard session, let alone the
 * automatic one of a standalone lab.
 */
final class HostFilter implements Filter {

    private final HostAllowList hosts;

    HostFilter(HostAllowList hosts) {
        this.hosts = hosts;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String host = ((HttpServletRequest) request).getHeader("Host");
        if (host == null || hosts.allows(host)) { // no Host at all (HTTP/1.0) is never a browser
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(421);
        http.setContentType("application/json");
        http.setCharacterEncoding("UTF-8");
        String message = "this dashboard does not answer to the host name in the request; a lab reached under another "
                + "name lists it in transferlab.dashboard.allowed-hosts (TLAB_ALLOWED_HOSTS)";
        http.getOutputStream().write(("{\"status\":421,\"error\":\"Misdirected Request\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
