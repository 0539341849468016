package org.transferlab.dashboard.base;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves a fixed set of files from the class path (WebJar contents), so that they work alike from
 * the module's class path and from a shaded jar, without servlet-container resource scanning.
 */
final class ClasspathAssetServlet extends HttpServlet {

    private final Map<String, String> assets;

    /** @param assets request path info (e.g. {@code /echarts.min.js}) → class-path resource */
    ClasspathAssetServlet(Map<String, String> assets) {
        this.assets = Map.copyOf(assets);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = assets.get(request.getPathInfo());
        InputStream in = resource == null ? null : getClass().getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            response.setContentType(resource.endsWith(".js") ? "text/javascript;charset=utf-8" : "application/octet-stream");
            response.setHeader("Cache-Control", "public, max-age=86400");
            in.transferTo(response.getOutputStream());
        }
    }
}
