package org.transferlab.dashboard.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.transferlab.client.FakeLabApi;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;

/**
 * The dashboard in a real browser against a real HTTP server that speaks the API contract: the list
 * shows the experiment and follows its best value, a click opens its page, and a metric pushed over SSE reaches the trial table
 * and the learning curves without a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentViewsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Pictures of the fake API's data, for looking at a failure; the README's come from real runs (scripts/screenshots.sh). */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private FakeLabApi api;
    private DashboardServer dashboard;
    private BrowserSupport.Browser browser;

    @BeforeAll
    void start() throws Exception {
        BrowserSupport.assumeAvailable();
        api = new FakeLabApi();
        dashboard = DashboardServer.start(DashboardSettings.forApi(api.url().toString())
                .withApi(api.url(), FakeLabApi.TOKEN).withPort(0));
        browser = BrowserSupport.start();
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

    @Test
    void experiment_list_opens_the_experiment_whose_trials_update_live() {
        browser.driver().get(dashboard.url().toString());
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("experiments-grid").contains("cifar-finetune"));
        List<String> listCells = browser.gridCells("experiments-grid");
        assertTrue(listCells.contains("RUNNING"), "status column: " + listCells);
        assertTrue(listCells.contains("0 / 2"), "trials done/total column: " + listCells);
        assertTrue(listCells.contains("0.8100"), "best value column: " + listCells);
        api.publish(api.metrics("trial-2", 2, 0.83, 0.55));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("experiments-grid").contains("0.8300"));
        browser.screenshot(SCREENSHOTS.resolve("experiments.png"));

        browser.clickGridCell("experiments-grid", "cifar-finetune");
        browser.waitUpTo(WAIT).until(d -> d.getCurrentUrl().endsWith("/experiments/" + FakeLabApi.EXPERIMENT_ID));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").contains("node-a/cpu-1"));
        assertEquals("RUNNING", browser.text("experiment-status"));
        browser.waitUpTo(WAIT).until(d -> enabled("pause-experiment"));
        assertFalse(enabled("resume-experiment"), "a running experiment cannot be resumed");
        assertTrue(enabled("cancel-experiment"));
        List<String> trialCells = browser.gridCells("trials-grid");
        assertTrue(trialCells.contains("0.8100"), "trial 1's latest val_accuracy: " + trialCells);
        assertTrue(trialCells.contains("batch=64, lr=0.001"), "trial 1's params: " + trialCells);
        browser.waitUpTo(WAIT).until(d -> "4".equals(browser.script("return document.getElementById('curves-chart').dataset.points")));

        browser.waitUpTo(WAIT).until(d -> api.openStreams() > 0);
        api.publish(api.metrics("trial-1", 3, 0.8765, 0.41));
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").contains("0.8765"));
        assertTrue(browser.gridCells("trials-grid").contains("0.4100"), "val_loss updated too");
        browser.waitUpTo(WAIT).until(d -> "5".equals(browser.script("return document.getElementById('curves-chart').dataset.points")));
        assertEquals("2", browser.script("return document.getElementById('curves-chart').dataset.series"));
        browser.screenshot(SCREENSHOTS.resolve("experiment.png"));
    }

    /**
     * The list after a restart: the view's first read came back without a list (here a 200 with no
     * body, which is no API error). The refresh must go on and fill the list at its next period;
     * before the fix, anything but an API error ended the refresh task for good and the list stayed
     * empty until the page was reloaded.
     */
    @Test
    void experiment_list_fills_on_its_first_load_even_when_the_first_read_brings_no_list() {
        browser.driver().get("about:blank");
        api.answerWithoutBody("/api/experiments", 1);
        browser.driver().get(dashboard.url().toString());
        browser.waitUpTo(WAIT).until(d -> api.repliesWithoutBodyLeft("/api/experiments") == 0);
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("experiments-grid").contains("cifar-finetune"));
        assertTrue(browser.gridCells("experiments-grid").contains("mnist-gtl"), browser.gridCells("experiments-grid").toString());
    }

    private boolean enabled(String id) {
        return Boolean.FALSE.equals(browser.script("return document.getElementById(arguments[0]).hasAttribute('disabled')", id));
    }

    /** The trial-table cell with exactly this text is wide (or tall) enough for all of it. */
    private void assertWholeTextShown(String text, String what) {
        String size = (String) browser.script("""
                const c = Array.from(document.getElementById('trials-grid').querySelectorAll('vaadin-grid-cell-content'))
                    .find(c => c.textContent.trim() === arguments[0]);
                return c.scrollWidth + ' ' + c.clientWidth + ' ' + c.getBoundingClientRect().height + ' ' + getComputedStyle(c).whiteSpace
                    + ' ' + getComputedStyle(c).textOverflow + ' ' + getComputedStyle(c).overflow;""", text);
        String[] parts = size.split(" ");
        assertTrue(Integer.parseInt(parts[0]) <= Integer.parseInt(parts[1]) + 1, what + " shows its whole text: " + size);
    }

    private Object option(String chartId, String path) {
        return browser.script("const c = document.getElementById(arguments[0]).__chart; return c ? c.getOption()" + path + " : null;", chartId);
    }

    @Test
    void a_finished_experiment_page_offers_no_controls_shows_whole_params_and_only_the_sweeps_curves() {
        browser.driver().get(dashboard.url() + "experiments/exp-gtl");
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").contains("guided"));
        browser.waitUpTo(WAIT).until(d -> "COMPLETED".equals(browser.text("experiment-status")));
        for (String control : List.of("pause-experiment", "resume-experiment", "cancel-experiment")) {
            assertFalse(enabled(control), control + " on a completed experiment");
        }
        assertTrue(browser.text("experiment-best").startsWith("best val_accuracy: 0.7900 (method: guided, trial #"),
                browser.text("experiment-best"));

        String params = "bodyLearningRate=0.0003, frozenLayers=2, learningRate=0.003";
        assertTrue(browser.gridCells("trials-grid").contains(params), browser.gridCells("trials-grid").toString());
        // the best guided trial: val_accuracy 0.79 selected it; its held-out test accuracy (0.79 - 0.0123) stands beside it
        List<String> cells = browser.gridCells("trials-grid");
        assertTrue(cells.contains("test_accuracy (held out)") && cells.contains("test_loss (held out)"), cells.toString());
        assertTrue(cells.contains("0.7900") && cells.contains("0.7777"), cells.toString());
        assertWholeTextShown(params, "the params cell");
        String slot = FakeLabApi.stagedSlot(1);
        assertTrue(browser.gridCells("trials-grid").contains(slot), browser.gridCells("trials-grid").toString());
        assertWholeTextShown(slot, "the slot cell");

        // pretrain learnt another task (digits 0-4): its curve is not among the sweep's four
        browser.waitUpTo(WAIT).until(d -> "4".equals(browser.script("return document.getElementById('curves-chart').dataset.series")));
        Object names = option("curves-chart", ".series.map(s => s.name).join(',')");
        assertFalse(String.valueOf(names).contains("trial 0"), "no pretrain curve: " + names);
        browser.screenshot(SCREENSHOTS.resolve("experiment-completed.png"));
    }

    /** The from-scratch student beats every distilled one here: the page's headline says so, as the table ranks it. */
    @Test
    void experiment_page_headline_names_a_winning_baseline_and_the_methods_best() {
        browser.driver().get(dashboard.url() + "experiments/exp-distill");
        browser.waitUpTo(WAIT).until(d -> "COMPLETED".equals(browser.text("experiment-status")));
        browser.waitUpTo(WAIT).until(d -> browser.text("experiment-best") != null && browser.text("experiment-best").startsWith("best "));
        assertEquals("best val_accuracy: 0.9000 (baseline: student from scratch, trial #7); best student: 0.8959 (trial #4)",
                browser.text("experiment-best"));
    }

    /**
     * A fine-tune sweep with three seeds and the network from scratch on each: the page pairs the best
     * configuration on validation with the baseline seed by seed and shows the mean difference of the
     * selection metric and of the held-out test accuracy with their 95 % intervals.
     */
    @Test
    void experiment_page_shows_the_paired_difference_with_the_baseline_and_its_interval() {
        browser.driver().get(dashboard.url() + "experiments/exp-seeds");
        browser.waitUpTo(WAIT).until(d -> browser.text("experiment-comparison") != null
                && browser.text("experiment-comparison").contains("3 seeds"));
        assertEquals(String.join("\n",
                "baseline: network from scratch, paired by seed with the best finetune configuration on val_accuracy (learningRate=0.01)",
                "finetune − network from scratch (val_accuracy): +6.3 pts [4.9, 7.8], 3 seeds",
                "finetune − network from scratch (test_accuracy): +5.7 pts [2.8, 8.5], 3 seeds",
                "finetune scored 6.3 pts above network from scratch; the interval excludes 0: finetune is better"),
                browser.text("experiment-comparison").lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n")));
        assertEquals("best val_accuracy: 0.8300 (method: finetune, trial #3)", browser.text("experiment-best"));
        browser.screenshot(SCREENSHOTS.resolve("experiment-comparison.png"));

        browser.driver().get(dashboard.url() + "experiments/" + FakeLabApi.EXPERIMENT_ID);
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("trials-grid").contains("RUNNING"));
        assertTrue(browser.driver().findElements(org.openqa.selenium.By.id("experiment-comparison")).stream()
                .noneMatch(org.openqa.selenium.WebElement::isDisplayed), "an experiment without a baseline shows no comparison");
    }

    /** The list offers only what each experiment's status allows: a running one Pause and Cancel, a finished one nothing. */
    @Test
    void experiment_list_offers_the_actions_each_status_allows() {
        browser.driver().get(dashboard.url().toString());
        browser.waitUpTo(WAIT).until(d -> browser.gridCells("experiments-grid").contains("mnist-distillation"));
        browser.waitUpTo(WAIT).until(d -> present("pause-" + FakeLabApi.EXPERIMENT_ID));
        assertTrue(present("cancel-" + FakeLabApi.EXPERIMENT_ID), "a running experiment can be cancelled");
        assertFalse(present("resume-" + FakeLabApi.EXPERIMENT_ID), "a running experiment cannot be resumed");
        for (String finished : List.of("exp-gtl", "exp-distill")) {
            for (String action : List.of("pause-", "resume-", "cancel-")) {
                assertFalse(present(action + finished), action + finished + " on a completed experiment");
            }
        }
    }

    private boolean present(String id) {
        return Boolean.TRUE.equals(browser.script("return document.getElementById(arguments[0]) !== null", id));
    }

    /** A choice parameter is a category on the scatter's x axis too, with its values as the categories. */
    @Test
    void compare_scatter_draws_a_choice_parameter_as_categories() {
        browser.driver().get(dashboard.url() + "compare?e=exp-gtl");
        browser.waitUpTo(WAIT).until(d -> "scatter".equals(browser.script("return document.getElementById('compare-scatter').dataset.types")));
        browser.driver().findElement(org.openqa.selenium.By.id("scatter-param")).click();
        browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(browser.script(
                "const i = Array.from(document.querySelectorAll('vaadin-select-item')).find(i => i.textContent.trim() === 'frozenLayers');"
                        + "if (i) { i.click(); return true; } return false;")));
        browser.waitUpTo(WAIT).until(d -> "frozenLayers".equals(option("compare-scatter", ".xAxis[0].name")));
        assertEquals("category", option("compare-scatter", ".xAxis[0].type"));
        assertEquals(List.of("0", "2"), option("compare-scatter", ".xAxis[0].data"));
    }

    @Test
    void compare_view_draws_a_choice_as_categories_and_a_colour_legend_with_distinct_ends() {
        browser.driver().get(dashboard.url() + "compare?e=exp-gtl");
        browser.waitUpTo(WAIT).until(d -> "parallel".equals(browser.script("return document.getElementById('compare-parallel').dataset.types")));
        assertEquals("category", option("compare-parallel", ".parallelAxis.find(a => a.name === 'frozenLayers').type"));
        assertEquals(List.of("0", "2"), option("compare-parallel", ".parallelAxis.find(a => a.name === 'frozenLayers').data"));
        Number precision = (Number) option("compare-parallel", ".visualMap[0].precision");
        Number min = (Number) option("compare-parallel", ".visualMap[0].min");
        Number max = (Number) option("compare-parallel", ".visualMap[0].max");
        String low = String.format(java.util.Locale.ROOT, "%." + precision.intValue() + "f", min.doubleValue());
        String high = String.format(java.util.Locale.ROOT, "%." + precision.intValue() + "f", max.doubleValue());
        assertNotEquals(low, high, "the legend's ends read differently");
        assertEquals("0.7200", low, "the lowest trial's value (baseline at 0.001)");
        browser.waitUpTo(WAIT).until(d -> option("compare-curves", ".series.length") != null);
        String names = String.valueOf(option("compare-curves", ".series.map(s => s.name).join('|')"));
        assertTrue(names.contains("mnist-gtl #6 bodyLearningRate=0.0001 frozenLayers=0 learningRate=0.001"),
                "the legend tells the lines apart by their parameters: " + names);
    }
}
