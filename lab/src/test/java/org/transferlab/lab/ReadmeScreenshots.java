package org.transferlab.lab;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.dashboard.base.DashboardServer;
import org.transferlab.dashboard.base.DashboardSettings;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;

/**
 * Takes the README's dashboard screenshots from a real lab, so that every number on them comes from
 * a real run: it submits the repository's examples (the fine-tune demo, GTL, distillation, a PBT
 * sweep and a student-width Pareto sweep) to a running standalone lab, waits for each to complete,
 * and photographs every view with a headless Chromium. {@code scripts/screenshots.sh} starts the
 * lab and runs this; it is a main, not a test, so the test suite never spends the minutes these runs
 * take. A run with a failed or cancelled trial stops here with an error rather than leaving a
 * picture of a broken run in the README.
 *
 * <p>Arguments: API URL, dashboard URL, the lab's token, the examples directory, the output directory.
 */
public final class ReadmeScreenshots {

    /** The longest one example may take on a busy 2-core machine (distillation's 2×1200 teacher on full MNIST). */
    private static final Duration RUN = Duration.ofMinutes(30);
    private static final Duration VIEW = Duration.ofSeconds(60);
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;
    /** Whole-page pictures stop here: a README picture taller than this is more scrolling than looking. */
    private static final int MAX_HEIGHT = 2200;

    private final LabApiClient api;
    private final String apiUrl;
    private final String dashboardUrl;
    private final Path examples;
    private final Path out;
    private BrowserSupport.Browser browser;

    private ReadmeScreenshots(String apiUrl, String dashboardUrl, String token, Path examples, Path out) {
        this.apiUrl = apiUrl;
        this.dashboardUrl = dashboardUrl.endsWith("/") ? dashboardUrl : dashboardUrl + "/";
        this.examples = examples;
        this.out = out;
        this.api = new LabApiClient(URI.create(apiUrl), token);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ReadmeScreenshots API_URL DASHBOARD_URL TOKEN EXAMPLES_DIR OUT_DIR");
            System.exit(2);
        }
        new ReadmeScreenshots(args[0], args[1], args[2], Path.of(args[3]), Path.of(args[4])).run();
        System.exit(0); // the browser's and the HTTP client's threads would keep the JVM alive
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        browser = BrowserSupport.start(WIDTH, HEIGHT);
        try {
            login();
            String finetune = submit("mnist-finetune.yaml");
            awaitCompleted(finetune);
            experimentPage(finetune);

            String gtl = submit("mnist-gtl.yaml");
            String distillation = submit("mnist-distillation.yaml");
            cluster(gtl, distillation); // while the two run: busy slots with their trials
            awaitCompleted(gtl);
            awaitCompleted(distillation);
            gtlView(gtl);
            distillationView(distillation);
            compare(finetune, gtl);
            experiments();
            launch();

            String pbt = submit("digits-finetune-pb2.yaml");
            String width = submit("mnist-distillation-width-pareto.yaml");
            awaitCompleted(pbt);
            lineage(pbt);
            awaitCompleted(width);
            widthFront(width);
        } finally {
            browser.close();
        }
    }

    /**
     * Submits an example, or takes the lab's run of it when there is one that has not failed: a rerun
     * on the same data directory (SCREENSHOTS_DATA_DIR) picks up where the last one stopped.
     */
    private String submit(String example) throws Exception {
        String spec = Files.readString(examples.resolve(example));
        String name = org.transferlab.protocol.spec.SpecCodec.parse(spec).name();
        java.util.Optional<ExperimentView> earlier = api.experiments().stream()
                .filter(e -> e.name().equals(name) && (e.status() == ExperimentStatus.COMPLETED || !e.status().terminal()))
                .findFirst();
        if (earlier.isPresent()) {
            log("using " + name + " " + earlier.get().id() + " (" + earlier.get().statusText() + ")");
            return earlier.get().id();
        }
        String id = api.submit(spec).id();
        log("submitted " + example + " as " + id);
        return id;
    }

    private void awaitCompleted(String id) {
        await().atMost(RUN).pollInterval(Duration.ofSeconds(2)).until(() -> api.experiment(id).status().terminal());
        ExperimentView e = api.experiment(id);
        List<TrialView> bad = api.trials(id).stream().filter(t -> t.status() != TrialStatus.COMPLETED).toList();
        if (e.status() != ExperimentStatus.COMPLETED || !bad.isEmpty()) {
            throw new IllegalStateException(e.name() + " ended " + e.statusText() + "; trials not completed: "
                    + bad.stream().map(t -> "#" + t.number() + " " + t.status()).toList());
        }
        log(e.name() + " completed: best " + e.bestValue());
    }

    /** The login page of a dashboard without a token of its own (the standalone one logs loopback visitors in). */
    private void login() {
        try (DashboardServer guarded = DashboardServer.start(DashboardSettings.forApi(apiUrl).withPort(0))) {
            browser.driver().get(guarded.url() + "launch");
            browser.waitUpTo(VIEW).until(d -> !d.findElements(By.cssSelector("#login-token input")).isEmpty());
            shoot("login.png");
        }
    }

    private void experimentPage(String id) {
        browser.driver().get(dashboardUrl + "experiments/" + id);
        browser.waitUpTo(VIEW).until(d -> "COMPLETED".equals(browser.text("experiment-status")));
        browser.waitUpTo(VIEW).until(d -> browser.text("experiment-best") != null && browser.text("experiment-best").startsWith("best "));
        browser.waitUpTo(VIEW).until(d -> data("curves-chart", "series") != null && !"0".equals(data("curves-chart", "series")));
        shootWholePage("experiment.png");
    }

    /** The cluster with both slots busy, if the experiments still run when the page opens. */
    private void cluster(String... running) {
        browser.driver().get(dashboardUrl + "cluster");
        browser.waitUpTo(RUN).until(d -> browser.text("cluster-summary") != null && (browser.text("cluster-summary").endsWith(" 2 running.")
                || java.util.Arrays.stream(running).allMatch(id -> api.experiment(id).status().terminal())));
        shoot("cluster.png");
    }

    private void gtlView(String id) {
        browser.driver().get(dashboardUrl + "gtl/" + id);
        browser.waitUpTo(VIEW).until(d -> "heatmap".equals(data("gtl-heatmap", "types")));
        browser.waitUpTo(VIEW).until(d -> "bar".equals(data("gtl-results", "types")));
        browser.waitUpTo(VIEW).until(d -> browser.text("gtl-verdict").contains("plain fine-tune"));
        shootWholePage("gtl.png");
    }

    private void distillationView(String id) {
        browser.driver().get(dashboardUrl + "distillation/" + id);
        browser.waitUpTo(VIEW).until(d -> "bar".equals(data("distill-comparison", "types")));
        browser.waitUpTo(VIEW).until(d -> browser.text("distill-verdict").contains("student from scratch"));
        shootWholePage("distillation.png");
    }

    private void compare(String... ids) {
        browser.driver().get(dashboardUrl + "compare?e=" + String.join(",", ids));
        browser.waitUpTo(VIEW).until(d -> "parallel".equals(data("compare-parallel", "types")));
        browser.waitUpTo(VIEW).until(d -> !browser.gridCells("importance-grid").isEmpty());
        shootWholePage("compare.png");
    }

    /** A population-based training sweep's page (PB2's explore), scrolled to its lineage table and learning-rate chart. */
    private void lineage(String id) {
        browser.driver().get(dashboardUrl + "experiments/" + id);
        browser.waitUpTo(VIEW).until(d -> "COMPLETED".equals(browser.text("experiment-status")));
        browser.waitUpTo(VIEW).until(d -> browser.text("lineage-summary") != null && browser.text("lineage-summary").contains("exploit"));
        browser.waitUpTo(VIEW).until(d -> data("lineage-chart", "series") != null && !"0".equals(data("lineage-chart", "series")));
        shootFrom("lineage", "pbt.png");
    }

    /** The width sweep's students on their Pareto front, each labelled with its gain over its from-scratch twin. */
    private void widthFront(String id) {
        browser.driver().get(dashboardUrl + "compare?e=" + id);
        browser.waitUpTo(VIEW).until(d -> "line,scatter,scatter,lines".equals(data("compare-pareto", "types")));
        browser.waitUpTo(VIEW).until(d -> browser.text("pareto-summary") != null && browser.text("pareto-summary").contains("student from scratch"));
        shootWholePage("width-pareto.png");
    }

    private void experiments() {
        browser.driver().get(dashboardUrl);
        browser.waitUpTo(VIEW).until(d -> browser.gridCells("experiments-grid").containsAll(List.of("mnist-finetune", "mnist-gtl", "mnist-distillation")));
        shoot("experiments.png");
    }

    /** The form on the fine-tune template as it opens, then the same page with a spec that fails validation. */
    private void launch() {
        browser.driver().get(dashboardUrl + "launch");
        browser.waitUpTo(VIEW).until(d -> browser.text("planned-trials") != null && browser.text("planned-trials").contains("planned"));
        shootWholePage("launch.png");
        WebElement editor = browser.driver().findElement(By.cssSelector("#spec-yaml textarea"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("name: broken\nkind: finetune\nsearch:\n  trials: -3\n");
        browser.waitUpTo(VIEW).until(d -> browser.text("spec-errors").contains("search.trials"));
        shootWholePage("launch-error.png");
    }

    private String data(String id, String key) {
        Object v = browser.script("const e = document.getElementById(arguments[0]); return e ? e.dataset[arguments[1]] : null;", id, key);
        return v == null ? null : v.toString();
    }

    /** Photographs the page, from its top, once no request is under way and every chart has finished drawing. */
    private void shoot(String name) {
        shoot(name, "window.scrollTo(0, 0);");
    }

    /** The same, from where the script {@code scroll} puts the page. */
    private void shoot(String name, String scroll) {
        browser.script(scroll);
        browser.waitUpTo(VIEW).until(d -> Boolean.TRUE.equals(browser.script(
                "const flow = window.Vaadin && window.Vaadin.Flow;" // what TestBench's waitForVaadin asks
                        + "return (!flow || Object.values(flow.clients).every(c => !c.isActive || !c.isActive()))"
                        + " && Array.from(document.querySelectorAll('div')).filter(e => e.__chart)"
                        + ".every(e => e.__chart.getZr().animation.isFinished());")));
        browser.screenshot(out.resolve(name));
        log("wrote " + out.resolve(name));
    }

    /** Photographs one window's height of the page from the element {@code id} down (a section below a long table). */
    private void shootFrom(String id, String name) {
        shoot(name, "const e = document.getElementById('" + id + "'); window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8);");
    }

    /** Photographs the whole page (a window as tall as the page, up to {@link #MAX_HEIGHT}), then restores the window. */
    private void shootWholePage(String name) {
        Number page = (Number) browser.script("return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        int height = Math.min(MAX_HEIGHT, Math.max(HEIGHT, page.intValue()));
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH, height));
        browser.waitUpTo(VIEW).until(d -> ((Number) browser.script("return window.outerHeight;")).intValue() == height);
        shoot(name);
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH, HEIGHT));
    }

    private static void log(String line) {
        System.out.println("screenshots: " + line);
    }
}
