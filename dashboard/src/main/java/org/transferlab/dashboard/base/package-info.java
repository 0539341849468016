/**
 * The dashboard's frame: settings, the embedded Jetty server that runs Vaadin Flow in production
 * mode without a servlet-container classpath scan, the app shell that turns on push, and the
 * services (API client, refresh scheduler) every view reaches through {@link org.transferlab.dashboard.base.DashboardServlet};
 * and the parts several views share (charts, stage results, the comparison with the baseline).
 */
package org.transferlab.dashboard.base;
