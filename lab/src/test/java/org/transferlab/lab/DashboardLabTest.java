package org.transferlab.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;
import org.transferlab.lab.client.CurvePlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.TokenView;

/**
 * The dashboard and the new commands against the whole standalone lab (port 0, synthetic trials):
 * log in with a token, launch an experiment from the form and watch its trials complete live, see a
 * wrong YAML's error inline, compare two experiments (parallel coordinates and the importance
 * ranking), the cluster view; then {@code tlab compare --chart}, {@code export} and {@code tokens}.
 * Screenshots of each view go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardLabTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Pictures of synthetic trials, for looking at a failure; the README's come from real runs (scripts/screenshots.sh). */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String SECOND_SWEEP = """
            name: second-sweep
            kind: synthetic
            seed: 9
            train:
              epochs: 4
            search:
              algorithm: grid
              trials: 6
              maxConcurrent: 2
              space:
                x: {type: choice, values: [0.1, 0.3, 0.5]}
                y: {type: choice, values: [-0.2, 0.4]}
                sleepMs: {type: choice, values: [20]}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2);
    static DashboardServer loginDashboard;
    static BrowserSupport.Browser browser;
    static LabApiClient admin;
    static String launchedId;
    static String secondId;

    @BeforeAll
    static void start() {
        admin = lab.api();
        // a dashboard without a token of its own: its visitors must log in
        loginDashboard = DashboardServer.start(DashboardSettings.forApi(lab.apiUrl()).withPort(0));
        if (BrowserSupport.available()) {
            browser = BrowserSupport.start(1400, 1000);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (loginDashboard != null) {
            loginDashboard.close();
        }
    }

    private static String url(String path) {
        return loginDashboard.url() + path;
    }

    private static String data(String id, String key) {
        Object v = browser.script("const e = document.getElementById(arguments[0]); return e ? e.dataset[arguments[1]] : null;", id, key);
        return v == null ? null : v.toString();
    }

    private static void type(String fieldId, String text) {
        WebElement input = browser.driver().findElement(By.cssSelector("#" + fieldId + " input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text, Keys.TAB);
    }

    @Test
    @Order(1)
    void a_visitor_logs_in_with_a_token() {
        BrowserSupport.assumeAvailable();
        browser.driver().get(url("launch"));
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("/login"));
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#login-token input")).isEmpty());
        browser.screenshot(SCREENSHOTS.resolve("login.png"));
        type("login-token", lab.token());
        browser.driver().findElement(By.id("login-button")).click();
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().endsWith("/launch"));
        assertTrue(browser.text("current-user").contains("local admin (admin)"), browser.text("current-user"));
    }

    @Test
    @Order(2)
    void an_experiment_launched_from_the_form_completes_live_on_its_page() {
        BrowserSupport.assumeAvailable();
        browser.driver().get(url("launch"));
        // the default template was validated (this lab holds only the bundled MNIST subset, which refuses it: see below)
        browser.waitUpTo(WAIT).until(d -> browser.text("planned-trials") != null && !browser.text("planned-trials").isBlank());
        browser.driver().findElement(By.id("template")).click();
        browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(browser.script(
                "const i = Array.from(document.querySelectorAll('vaadin-select-item')).find(i => i.textContent.trim() === 'synthetic');"
                        + "if (i) { i.click(); return true; } return false;")));
        browser.waitUpTo(WAIT).until(d -> "8".equals(browser.script("return document.querySelector('#form-trials input').value")));
        type("form-name", "form-launch");
        type("form-trials", "4");
        type("form-epochs", "5");
        browser.waitUpTo(WAIT).until(d -> browser.text("planned-trials").contains("4 trials planned"));
        // the form writes into the YAML editor
        browser.waitUpTo(WAIT).until(d -> {
            String yaml = (String) browser.script("return document.getElementById('spec-yaml').value");
            return yaml.contains("name: form-launch") && yaml.contains("trials: 4") && yaml.contains("epochs: 5");
        });
        browser.screenshot(SCREENSHOTS.resolve("launch.png"));
        browser.driver().findElement(By.id("launch-submit")).click();
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("/experiments/exp-"));
        launchedId = browser.driver().getCurrentUrl().replaceAll(".*/experiments/", "");

        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").stream().filter(c -> c.equals("COMPLETED")).count() >= 1);
        browser.screenshot(SCREENSHOTS.resolve("experiment-live.png"));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").stream().filter(c -> c.equals("COMPLETED")).count() == 4);
        browser.waitUpTo(WAIT).until(d -> "COMPLETED".equals(browser.text("experiment-status")));
        browser.waitUpTo(WAIT).until(d -> "20".equals(data("curves-chart", "points")));
        assertEquals("4", data("curves-chart", "series"), "one curve per trial");
        assertTrue(browser.gridCells("trials-grid").stream().anyMatch(c -> c.startsWith("completed: ")),
                "decision column: " + browser.gridCells("trials-grid"));
        assertEquals("bar,bar", data("stage-timeline", "types"));
        assertEquals(ExperimentStatus.COMPLETED, admin.experiment(launchedId).status());
        assertEquals("form-launch", admin.experiment(launchedId).name());
        browser.screenshot(SCREENSHOTS.resolve("experiment.png"));
    }

    @Test
    @Order(3)
    void a_wrong_yaml_shows_its_error_inline_before_submitting() {
        BrowserSupport.assumeAvailable();
        browser.driver().get(url("launch"));
        browser.waitUpTo(WAIT).until(d -> browser.text("planned-trials") != null && !browser.text("planned-trials").isBlank());
        // the default fine-tune template pretrains on 500 images per class: this lab's workers have only the bundled subset
        String refused = browser.text("spec-errors");
        assertTrue(refused.contains("data.sourceExamplesPerClass: 500 examples per class is impossible")
                && refused.contains("bundled 1,000-image subset of mnist") && refused.contains("scripts/fetch-data.sh"), refused);
        WebElement editor = browser.driver().findElement(By.cssSelector("#spec-yaml textarea"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("name: broken\nkind: synthetic\nsearch:\n  trials: -3\n");
        browser.waitUpTo(WAIT).until(d -> browser.text("spec-errors").contains("search.trials"));
        assertTrue(Boolean.TRUE.equals(browser.script("return document.getElementById('form-trials').invalid")),
                "the form's trials field is marked");
        assertEquals(Boolean.TRUE, browser.script("return document.getElementById('launch-submit').disabled"),
                "an invalid spec cannot be launched");
        assertTrue(browser.text("planned-trials").contains("fix the spec"));
        browser.screenshot(SCREENSHOTS.resolve("launch-error.png"));
    }

    @Test
    @Order(4)
    void compare_shows_parallel_coordinates_and_the_importance_ranking_for_two_experiments() {
        BrowserSupport.assumeAvailable();
        secondId = admin.submit(SECOND_SWEEP).id();
        await().atMost(WAIT).until(() -> admin.experiment(secondId).status() == ExperimentStatus.COMPLETED);
        browser.driver().get(url("compare?e=" + launchedId + "," + secondId));
        browser.waitUpTo(WAIT).until(d -> "parallel".equals(data("compare-parallel", "types")));
        assertEquals("10", data("compare-parallel", "points"), "4 + 6 trials, one line each");
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("importance-grid").contains("x"));
        List<String> importance = browser.gridCells("importance-grid");
        assertTrue(importance.contains("y") && importance.contains("sleepMs"), importance.toString());
        assertEquals("10", data("compare-curves", "series"));
        assertTrue(browser.gridCells("best-configs").contains("second-sweep"), browser.gridCells("best-configs").toString());
        browser.screenshot(SCREENSHOTS.resolve("compare.png"));

        browser.driver().get(url(""));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("experiments-grid").contains("second-sweep"));
        browser.screenshot(SCREENSHOTS.resolve("experiments.png"));
        browser.driver().get(url("cluster"));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("slots-grid").stream().filter(c -> c.equals("cpu")).count() == 2);
        browser.screenshot(SCREENSHOTS.resolve("cluster.png"));
    }

    @Test
    @Order(5)
    void cli_compares_with_a_chart_exports_and_manages_tokens() throws Exception {
        if (launchedId == null) {
            launchedId = admin.submit(SECOND_SWEEP.replace("second-sweep", "first-sweep")).id();
        }
        if (secondId == null) {
            secondId = admin.submit(SECOND_SWEEP).id();
        }
        await().atMost(WAIT).until(() -> admin.experiment(launchedId).status().terminal() && admin.experiment(secondId).status().terminal());
        String api = lab.apiUrl();
        String token = lab.token();

        Path svg = lab.dataDir().resolve("compare.svg");
        Path png = lab.dataDir().resolve("compare.png");
        String table = run(0, "compare", launchedId, secondId, "--metric", "val_accuracy", "--chart", svg.toString(), "--api", api);
        assertTrue(table.contains("VAL_ACCURACY") && table.contains("second-sweep"), table);
        String svgText = Files.readString(svg);
        assertTrue(svgText.startsWith("<svg") && svgText.contains("<path") && java.util.regex.Pattern.compile(">[a-z-]+ #[0-9]+[ <]").matcher(svgText).find(), svgText.substring(0, 200));
        run(0, "compare", secondId, "--chart", png.toString(), "--api", api);
        assertEquals(CurvePlotSize.WIDTH, ImageIO.read(png.toFile()).getWidth());

        String csv = run(0, "export", secondId, "--format", "csv", "--api", api);
        assertTrue(csv.startsWith("experiment_id,trial_id,number,stage,status,slot,objective,param.sleepMs,param.x,param.y,step"), csv);
        assertEquals(1 + 6 * 4, csv.lines().count(), "a row per trial and epoch");
        Path json = lab.dataDir().resolve("export.json");
        run(0, "export", secondId, "--format", "json", "-o", json.toString(), "--api", api);
        JsonNode exported = Json.mapper().readTree(Files.readString(json));
        assertEquals(6, exported.path("trials").size());

        String created = run(0, "tokens", "create", "viewer", "--role", "read", "--api", api, "--token", token);
        String secret = created.lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertTrue(run(0, "tokens", "list", "--api", api, "--token", token).contains("viewer"));
        Path spec = lab.dataDir().resolve("by-viewer.yaml");
        Files.writeString(spec, "name: by-viewer\nkind: synthetic\n");
        StringWriter err = new StringWriter();
        assertEquals(1, Tlab.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "submit", spec.toString(),
                "--api", api, "--token", secret));
        assertTrue(err.toString().contains("read-only"), err.toString());
        String id = admin.tokens().stream().filter(t -> t.name().equals("viewer")).map(TokenView::id).findFirst().orElseThrow();
        run(0, "tokens", "revoke", id, "--api", api, "--token", token);
        assertEquals(401, assertThrowsStatus(() -> new LabApiClient(URI.create(api), secret).whoami()));
    }

    @Test
    @Order(6)
    void the_experiment_page_pauses_resumes_stops_a_trial_and_cancels() {
        BrowserSupport.assumeAvailable();
        String id = admin.submit("""
                name: controlled
                kind: synthetic
                train:
                  epochs: 40
                search:
                  algorithm: random
                  trials: 6
                  maxConcurrent: 2
                  space:
                    x: {type: uniform, min: -1.0, max: 1.0}
                    sleepMs: {type: choice, values: [100]}
                """).id();
        browser.driver().get(url("experiments/" + id));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").contains("RUNNING"));
        browser.driver().findElement(By.id("pause-experiment")).click();
        browser.waitUpTo(WAIT).until(d -> "PAUSED".equals(browser.text("experiment-status")));
        assertEquals(ExperimentStatus.PAUSED, admin.experiment(id).status());
        // a paused experiment can be resumed or cancelled, not paused again
        browser.waitUpTo(WAIT).until(d -> enabled("resume-experiment"));
        assertFalse(enabled("pause-experiment"), "a paused experiment cannot be paused");
        assertTrue(enabled("cancel-experiment"), "a paused experiment can be cancelled");
        browser.driver().findElement(By.id("resume-experiment")).click();
        browser.waitUpTo(WAIT).until(d -> "RUNNING".equals(browser.text("experiment-status"))
                && browser.gridCells("trials-grid").contains("RUNNING"));
        String stopped = (String) browser.script(
                "const b = Array.from(document.querySelectorAll('vaadin-button[id^=\"stop-\"]'))"
                        + ".find(b => b.closest('vaadin-grid-cell-content')); if (!b) return null; b.click(); return b.id.substring(5);");
        assertTrue(stopped != null, "a running or queued trial has a Stop button");
        await().atMost(WAIT).until(() -> admin.trials(id).stream().anyMatch(t -> t.id().equals(stopped)
                && t.status() == org.transferlab.protocol.view.TrialStatus.STOPPED));
        browser.driver().findElement(By.id("cancel-experiment")).click();
        browser.waitUpTo(WAIT).until(d -> "CANCELLED".equals(browser.text("experiment-status")));
    }

    private static boolean enabled(String id) {
        return Boolean.FALSE.equals(browser.script("return document.getElementById(arguments[0]).hasAttribute('disabled')", id));
    }

    /** {@link CurvePlot}'s width, read through the package. */
    private static final class CurvePlotSize {
        static final int WIDTH = CurvePlot.WIDTH;
    }

    private static int assertThrowsStatus(Runnable call) {
        try {
            call.run();
        } catch (org.transferlab.client.LabApiException e) {
            return e.status();
        }
        throw new AssertionError("the call succeeded");
    }

    private static String run(int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(expected, rc, String.join(" ", args) + "\n" + out + "\n" + err);
        return out.toString();
    }
}
