package org.transferlab.dashboard.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.transferlab.client.FakeLabApi;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;

/**
 * Login and the stage views in a real browser against {@link FakeLabApi}: a dashboard without a
 * token of its own sends visitors to the login, refuses a token the API does not know, and after a
 * good one shows the GTL view (scouts, guide heat map, guided against baseline), the distillation
 * view and the cluster view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageViewsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Fake data: never the README's pictures (those come from real runs). */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private FakeLabApi api;
    private DashboardServer dashboard;
    private BrowserSupport.Browser browser;

    @BeforeAll
    void start() throws Exception {
        BrowserSupport.assumeAvailable();
        api = new FakeLabApi();
        dashboard = DashboardServer.start(DashboardSettings.forApi(api.url().toString()).withPort(0));
        browser = BrowserSupport.start();
        browser.driver().get(dashboard.url() + "gtl/exp-gtl");
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().contains("/login?to="));
        typeToken("wrong-token");
        browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(
                browser.script("return document.getElementById('login-token').invalid")));
        String error = (String) browser.script("return document.getElementById('login-token').errorMessage");
        assertTrue(error.contains("does not know this token"), error);
        typeToken(FakeLabApi.TOKEN);
        browser.waitUpTo(WAIT).until(d -> browser.text("current-user") != null && browser.text("current-user").contains("fake admin"));
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().endsWith("/gtl/exp-gtl"));
    }

    private void typeToken(String token) {
        var field = browser.driver().findElement(By.cssSelector("#login-token input"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(token);
        browser.driver().findElement(By.id("login-button")).click();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private String data(String id, String key) {
        Object v = browser.script("const e = document.getElementById(arguments[0]); return e ? e.dataset[arguments[1]] : null;", id, key);
        return v == null ? null : v.toString();
    }

    @Test
    void gtl_view_shows_scouts_the_guide_heat_map_and_guided_against_baseline() {
        browser.driver().get(dashboard.url() + "gtl/exp-gtl");
        browser.waitUpTo(WAIT).until(d -> "4".equals(data("gtl-scouts", "series")));
        browser.waitUpTo(WAIT).until(d -> "heatmap".equals(data("gtl-heatmap", "types")));
        assertEquals(String.valueOf(16 * 24), data("gtl-heatmap", "points"), "layer0 is 16x24");
        assertTrue(browser.gridCells("gtl-layers").contains("layer1"), browser.gridCells("gtl-layers").toString());
        browser.waitUpTo(WAIT).until(d -> browser.text("gtl-verdict").contains("plain fine-tune"));
        String verdict = browser.text("gtl-verdict");
        // the best guided configuration (learningRate 0.003, 0.79) against its baseline twin (0.74), one seed
        assertTrue(verdict.contains("paired by seed with the best guided configuration on val_accuracy"), verdict);
        assertTrue(verdict.contains("guided − plain fine-tune (val_accuracy): +5.0 pts, 1 seed (n too small for an interval)"), verdict);
        assertTrue(verdict.contains("guided scored 5.0 pts above plain fine-tune (one seed: too few to tell)"), verdict);
        assertTrue(verdict.contains("best val_accuracy: 0.7900 (method: guided, trial #"), "the headline names a method trial: " + verdict);
        browser.waitUpTo(WAIT).until(d -> "bar".equals(data("gtl-results", "types")));
        assertEquals(0L, ((Number) browser.script("return document.getElementById('gtl-results').__chart.getOption().yAxis[0].min")).longValue(),
                "bars start at zero");
        browser.screenshot(SCREENSHOTS.resolve("gtl.png"));
    }

    @Test
    void distillation_view_shows_accuracy_against_temperature_and_the_three_students() {
        browser.driver().get(dashboard.url() + "distillation/exp-distill");
        browser.waitUpTo(WAIT).until(d -> "2".equals(data("distill-temperature", "series")));
        assertEquals("6", data("distill-temperature", "points"), "3 temperatures x 2 weights");
        assertEquals("3", data("distill-weight", "series"), "one line per temperature");
        browser.waitUpTo(WAIT).until(d -> browser.text("distill-verdict").contains("student from scratch"));
        assertEquals("Students learn by attention transfer (student conv1 ↔ teacher conv1; β = 1000, p = 2) with soft targets; "
                + "the student from scratch learns from the labels alone.", browser.text("distill-method"),
                "the page says which method the students used");
        String verdict = browser.text("distill-verdict");
        // the best student configuration (T = 4, weight 0.9: 0.8959) against the scratch student (0.9000)
        assertTrue(verdict.contains("student − student from scratch (val_accuracy): -0.41 pts, 1 seed (n too small for an interval)"),
                verdict);
        assertTrue(verdict.contains("student scored 0.41 pts below student from scratch"), "how far below, in points: " + verdict);
        assertFalse(verdict.contains("did not help"), verdict);
        assertTrue(verdict.contains("best val_accuracy: 0.9000 (baseline: student from scratch, trial #7); best student: 0.8959"),
                "a winning baseline is named, with the method's best: " + verdict);
        assertEquals(0L, ((Number) browser.script(
                "return document.getElementById('distill-comparison').__chart.getOption().yAxis[0].min")).longValue(),
                "every bar's height is its value, the best distilled student's included");
        browser.screenshot(SCREENSHOTS.resolve("distillation.png"));
    }

    @Test
    void distillation_view_shows_each_teachers_task_and_the_teachers_each_student_learned_from() {
        browser.driver().get(dashboard.url() + "distillation/exp-multi");
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("distill-students").contains("teacher 0, teacher 1, teacher 2"));
        List<String> teachers = browser.gridCells("distill-teachers");
        assertTrue(teachers.containsAll(List.of("teacher 0", "mnist classes [0, 1, 2, 3, 4]",
                "soft targets over the classes it shares with them, [0, 1, 2, 3, 4]", "25%")), teachers.toString());
        assertTrue(teachers.containsAll(List.of("teacher 2", "fashion-mnist classes [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
                "an auxiliary head, dropped after training", "50%")), "weight 2 of 4: " + teachers);
        List<String> students = browser.gridCells("distill-students");
        assertTrue(students.containsAll(List.of("#3 student", "temperature=4.0", "#4 scratch", "none (from scratch)")), students.toString());
        browser.screenshot(SCREENSHOTS.resolve("distillation-teachers.png"));
    }

    @Test
    void cluster_view_has_its_tables_filled_on_every_fresh_open() {
        for (int i = 0; i < 5; i++) {
            browser.driver().get(dashboard.url() + "cluster");
            browser.waitUpTo(WAIT).until(d -> browser.gridCells("slots-grid").contains(FakeLabApi.clusterSlot(1))
                    && browser.gridCells("workers-grid").contains("node-a"));
        }
    }

    /**
     * A polling view (the base of the GTL, distillation and cluster views) whose first read after a
     * restart came back without data (here a 200 with no body, which is no API error) must go on
     * polling and fill at its next period. Before the fix, anything but an API error ended the
     * polling task for good and the view stayed empty until the page was reloaded.
     */
    @Test
    void a_polling_view_fills_on_its_first_open_even_when_the_first_read_brings_no_data() {
        String trials = "/api/experiments/exp-gtl/trials";
        browser.driver().get("about:blank");
        api.answerWithoutBody(trials, 1);
        browser.driver().get(dashboard.url() + "gtl/exp-gtl");
        browser.waitUpTo(WAIT).until(d -> api.repliesWithoutBodyLeft(trials) == 0);
        browser.waitUpTo(WAIT).until(d -> browser.text("gtl-verdict") != null && browser.text("gtl-verdict").contains("plain fine-tune"));
        assertEquals("4", data("gtl-scouts", "series"));
    }

    @Test
    void cluster_view_lists_nodes_and_slots_with_utilisation() {
        browser.driver().get(dashboard.url() + "cluster");
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("slots-grid").contains(FakeLabApi.clusterSlot(1)));
        assertTrue(browser.gridCells("slots-grid").contains("80%"), browser.gridCells("slots-grid").toString());
        for (String id : java.util.List.of(FakeLabApi.clusterSlot(0), FakeLabApi.clusterSlot(1), FakeLabApi.CLUSTER_RUNNING_TRIAL)) {
            String size = (String) browser.script("""
                    const c = Array.from(document.getElementById('slots-grid').querySelectorAll('vaadin-grid-cell-content'))
                        .find(c => c.textContent.trim() === arguments[0]);
                    return c.scrollWidth + ' ' + c.clientWidth;""", id);
            String[] parts = size.split(" ");
            assertTrue(Integer.parseInt(parts[0]) <= Integer.parseInt(parts[1]) + 1, id + " shows whole, not cut off: " + size);
        }
        assertTrue(browser.gridCells("workers-grid").contains("50%"), browser.gridCells("workers-grid").toString());
        browser.screenshot(SCREENSHOTS.resolve("cluster-fake.png"));
    }
}
