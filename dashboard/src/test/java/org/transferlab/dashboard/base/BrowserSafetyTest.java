package org.transferlab.dashboard.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.transferlab.client.FakeLabApi;
import org.transferlab.dashboard.BrowserSupport;

/**
 * A dashboard started with a token, as {@code tlab standalone} starts it, seen from a rebinding
 * page and from a second name the lab allows: only a loopback visit is logged in automatically,
 * a name the lab never chose gets 421 before any session exists, and the session cookie is
 * HttpOnly and SameSite=Lax.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSafetyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FakeLabApi api;
    private DashboardServer dashboard;

    @BeforeAll
    void start() throws Exception {
        api = new FakeLabApi();
        dashboard = DashboardServer.start(DashboardSettings.forApi(api.url().toString())
                .withApi(api.url(), FakeLabApi.TOKEN).withAllowedHosts("lab-1.test").withPort(0));
    }

    @AfterAll
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** The reply head and body of a GET sent with this Host header, as a rebound browser sends it. */
    private String get(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_host_the_lab_never_chose_gets_421_json_and_no_session() throws Exception {
        for (String path : new String[] {"/", "/experiments", "/login", "/VAADIN/push"}) {
            String reply = get(path, "attacker.example:" + dashboard.port());
            assertTrue(reply.startsWith("HTTP/1.1 421"), path + ": " + reply);
            assertTrue(reply.toLowerCase(Locale.ROOT).contains("content-type: application/json"), reply);
            assertTrue(reply.contains("allowed-hosts"), reply);
            assertFalse(reply.toLowerCase(Locale.ROOT).contains("set-cookie"), "no session for it: " + reply);
        }
        assertTrue(get("/", "localhost:" + dashboard.port()).startsWith("HTTP/1.1 200"));
        assertTrue(get("/", "lab-1.test").startsWith("HTTP/1.1 200"));
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax() throws Exception {
        String reply = get("/", "127.0.0.1:" + dashboard.port());
        String cookie = reply.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("set-cookie: jsessionid=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + reply));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void only_a_visit_from_this_machine_under_a_loopback_name_is_logged_in_automatically() throws Exception {
        BrowserSupport.assumeAvailable();
        // two names that resolve to this machine, as a rebinding attacker's name would
        try (BrowserSupport.Browser browser = BrowserSupport.start(1200, 900,
                "--host-resolver-rules=MAP lab-1.test 127.0.0.1, MAP rebind.test 127.0.0.1", "--disable-features=HttpsUpgrades")) {
            int port = dashboard.port();
            browser.driver().get("http://rebind.test:" + port + "/");
            browser.waitUpTo(WAIT).until(d -> d.getPageSource().contains("does not answer"));
            assertTrue(browser.driver().manage().getCookies().isEmpty(), browser.driver().manage().getCookies().toString());

            browser.driver().get("http://lab-1.test:" + port + "/");
            browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("/login"));
            assertTrue(browser.driver().findElements(org.openqa.selenium.By.id("current-user")).isEmpty(), "not logged in");

            browser.driver().get("http://127.0.0.1:" + port + "/");
            browser.waitUpTo(WAIT).until(d -> browser.text("current-user") != null && browser.text("current-user").contains("local user"));
            assertFalse(browser.driver().getCurrentUrl().contains("/login"));
        }
    }
}
