package org.transferlab.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * The walking skeleton end to end, nothing faked: the standalone lab (single-node Pekko cluster,
 * H2 file store, Pekko HTTP on port 0, two worker slots training with DL4J on the bundled MNIST
 * subset, the Vaadin dashboard on port 0), driven through the tlab command and a real browser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneLabTest {

    /** Two real fine-tune trials, small enough for CI: pretrain on 0-4, fine-tune on 5-9 with k=10. */
    static final String TINY_SWEEP = """
            name: tiny-e2e
            kind: finetune
            seed: 11
            data:
              dataset: mnist
              sourceExamplesPerClass: 60
              examplesPerClass: 10
              validationPerClass: 40
            model:
              hidden: [32]
            pretrain:
              epochs: 2
            train:
              epochs: 3
              batchSize: 10
            search:
              algorithm: grid
              trials: 2
              maxConcurrent: 2
              space:
                learningRate: {type: choice, values: [0.003, 0.01]}
                frozenLayers: {type: choice, values: [0]}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(2).withDashboard();
    static HttpClient http = HttpClient.newHttpClient();
    static String experimentId;

    @Test
    @Order(1)
    void submit_follow_runs_every_trial_to_completion_with_per_epoch_metrics_over_http() throws Exception {
        Path spec = lab.dataDir().resolve("tiny.yaml");
        Files.writeString(spec, TINY_SWEEP);
        String text = lab.tlab("submit", spec.toString(), "--follow", "--api", lab.apiUrl(), "--token", lab.token());
        experimentId = text.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow().split(" ")[1];
        assertTrue(text.contains("COMPLETED"), text);

        ExperimentView experiment = get("/api/experiments/" + experimentId, ExperimentView.class);
        assertEquals(ExperimentStatus.COMPLETED, experiment.status(), experiment.message());
        assertEquals(3, experiment.trialsDone(), "2 sweep trials and the network from scratch");

        List<TrialView> trials = List.of(get("/api/experiments/" + experimentId + "/trials", TrialView[].class));
        assertEquals(4, trials.size(), "pretrain stage + 2 sweep trials + the automatic from-scratch baseline");
        TrialView scratch = trials.stream().filter(t -> t.stage() == TrialStage.FROM_SCRATCH).findFirst().orElseThrow();
        assertEquals(Map.of(), scratch.inputs(), "the baseline starts from nothing, not from the pretrained body");
        assertTrue(scratch.objective() > 0.2, "a network from scratch learns something on 10 examples per class: " + scratch.objective());
        assertTrue(text.contains("finetune − network from scratch (val_accuracy): "), "the --follow summary compares them:\n" + text);
        for (TrialView t : trials) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.message());
            List<MetricPoint> points = List.of(get("/api/trials/" + t.id() + "/metrics", MetricPoint[].class));
            int epochs = t.stage() == TrialStage.PRETRAIN ? 2 : 3;
            Set<Integer> steps = points.stream().map(MetricPoint::step).collect(Collectors.toSet());
            assertEquals(epochs, steps.size(), t.id() + " steps " + steps);
            assertTrue(points.stream().anyMatch(p -> p.name().equals("val_accuracy")), t.id() + " has val_accuracy");
            assertEquals(points.size(), Set.copyOf(points.stream().map(p -> p.step() + p.name()).toList()).size(), "no duplicate rows");
            // scored once on the held-out test split by the worker, stored beside the objective, never as an epoch's row
            Double test = t.testMetrics().get("test_accuracy");
            assertTrue(test != null && test > 0 && test <= 1 && t.testMetrics().containsKey("test_loss"), t.id() + ": " + t.testMetrics());
            assertTrue(points.stream().noneMatch(p -> p.name().startsWith("test_")), t.id() + " has a test metric row: " + points);
        }
        // the sweep trials and the baseline trained in parallel on both slots
        Set<String> slots = trials.stream().filter(t -> t.stage() != TrialStage.PRETRAIN).map(TrialView::slot).collect(Collectors.toSet());
        assertEquals(2, slots.size(), "slots used: " + slots);
        // the sweep learned something on digits 5-9 (chance is 0.2)
        assertTrue(experiment.bestValue() > 0.4, "best val_accuracy " + experiment.bestValue());
    }

    @Test
    @Order(2)
    void a_bad_spec_gets_400_naming_the_field_and_the_cli_shows_it() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + "/api/experiments"))
                .header("Authorization", "Bearer " + lab.token()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(
                        // counts this lab's bundled MNIST subset can give, so that the bad layer is the one error
                        "name: bad\ndata: {sourceExamplesPerClass: 50, examplesPerClass: 10, validationPerClass: 40}\nmodel:\n  hidden: [0]\n"))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertEquals("model.hidden[0]", Json.read(r.body(), ApiError.class).fields().getFirst().field());

        Path spec = lab.dataDir().resolve("bad.yaml");
        Files.writeString(spec, "name: bad\ndata: {dataset: cifar}\n");
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "submit", spec.toString(), "--api", lab.apiUrl(), "--token", lab.token());
        assertEquals(1, rc);
        assertTrue(err.toString().contains("data.dataset"), err.toString());
    }

    @Test
    @Order(2)
    void the_finetune_demo_is_refused_at_submission_on_the_bundled_subset_and_the_cli_says_what_to_fetch() {
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "submit", Path.of("..", "examples", "mnist-finetune.yaml").toString(), "--api", lab.apiUrl(), "--token", lab.token());
        assertEquals(1, rc, err.toString());
        String line = err.toString().lines().filter(l -> l.startsWith("  data.sourceExamplesPerClass: ")).findFirst().orElse(err.toString());
        // this lab's workers read <data-dir>/datasets, which holds no fetched MNIST: they would train on the bundled subset
        for (String says : List.of("5000 examples per class", "100 training examples on this lab", "bundled 1,000-image subset of mnist",
                "`scripts/fetch-data.sh " + lab.dataDir().toAbsolutePath() + " mnist`")) {
            assertTrue(line.contains(says), "'" + says + "' in:\n" + err);
        }
        assertTrue(err.toString().startsWith("tlab: submission refused: the spec has 2 problems:\n"), err.toString());
        assertEquals(1, err.toString().split("5000 examples per class", -1).length - 1, "each problem is printed once:\n" + err);
    }

    @Test
    @Order(3)
    void ls_and_show_print_what_the_api_returns() {
        StringWriter out = new StringWriter();
        assertEquals(0, Tlab.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "ls", "--api", lab.apiUrl()));
        assertTrue(out.toString().contains(experimentId) && out.toString().contains("tiny-e2e"), out.toString());
        StringWriter shown = new StringWriter();
        assertEquals(0, Tlab.run(new PrintWriter(shown, true), new PrintWriter(new StringWriter()), "show", experimentId, "--api", lab.apiUrl()));
        assertTrue(shown.toString().contains("learningRate="), shown.toString());
        assertEquals(5, shown.toString().lines().filter(l -> l.startsWith("#") || l.startsWith("TRIAL")).count(), shown.toString());
        // the headline's best is the table's top sweep row, named as a method trial or the baseline
        String[] top = shown.toString().lines().filter(l -> l.startsWith("#") && !l.contains("pretrain")).findFirst().orElseThrow().split("\\s+");
        String headline = shown.toString().lines().filter(l -> l.startsWith("objective:")).findFirst().orElseThrow();
        String side = top[1].equals("from-scratch") ? "baseline: network from scratch" : "method: finetune";
        assertTrue(headline.contains("best: " + top[4] + " (" + side + ", trial " + top[0] + ")"), headline + "\n" + shown);
        assertTrue(shown.toString().contains("  finetune − network from scratch (val_accuracy): ")
                && shown.toString().contains("1 seed (n too small for an interval)"), shown.toString());
        assertTrue(shown.toString().contains("VAL_ACCURACY (SELECTION)") && shown.toString().contains("TEST_ACCURACY (HELD OUT)"), shown.toString());
        assertTrue(top[5].matches("\\d\\.\\d{4}"), "the held-out test accuracy beside the selection value: " + shown);
    }

    @Test
    @Order(4)
    void dashboard_shows_the_experiment_and_its_trials_in_a_browser() throws Exception {
        BrowserSupport.assumeAvailable();
        try (BrowserSupport.Browser browser = BrowserSupport.start()) {
            browser.driver().get(lab.dashboardUrl());
            browser.waitUpTo(Duration.ofSeconds(60)).until(d -> browser.gridCells("experiments-grid").contains("tiny-e2e"));
            browser.clickGridCell("experiments-grid", "tiny-e2e");
            browser.waitUpTo(Duration.ofSeconds(60)).until(d -> browser.gridCells("trials-grid").stream().filter(c -> c.equals("COMPLETED")).count() >= 3);
            assertTrue(browser.text("experiment-status").contains("COMPLETED"), browser.text("experiment-status"));
            assertFalse(browser.driver().findElements(By.id("curves-chart")).isEmpty(), "learning curves are shown");
        }
    }

    static final String TINY_GTL = """
            name: gtl-e2e
            kind: gtl
            seed: 5
            data: {dataset: mnist, sourceExamplesPerClass: 60, examplesPerClass: 10, validationPerClass: 40}
            model: {hidden: [32]}
            pretrain: {epochs: 2}
            train: {epochs: 2, batchSize: 10, frozenLayers: 0}
            gtl: {scouts: 3, classesPerScout: 2, examplesPerClass: 10, scoutEpochs: 2}
            search:
              algorithm: grid
              trials: 2
              maxConcurrent: 2
              space:
                learningRate: {type: choice, values: [0.003, 0.01]}
            """;

    static final String TINY_DISTILLATION = """
            name: distill-e2e
            kind: distillation
            seed: 5
            data: {dataset: mnist, validationPerClass: 40}
            model: {hidden: [16]}
            train: {epochs: 2, batchSize: 50}
            distill: {teacherHidden: [64], teacherEpochs: 2}
            search:
              algorithm: grid
              trials: 2
              maxConcurrent: 2
              space:
                temperature: {type: choice, values: [1.0, 4.0]}
            """;

    @Test
    @Order(5)
    void gtl_runs_pretrain_scouts_guide_then_guided_trials_and_their_baselines_on_real_workers() throws Exception {
        List<TrialView> trials = runToCompletion(TINY_GTL);
        Map<String, List<TrialView>> byStage = trials.stream().collect(Collectors.groupingBy(t -> t.stage().wire()));
        assertEquals(Set.of("pretrain", "scout", "guide", "guided", "baseline"), byStage.keySet());
        assertEquals(3, byStage.get("scout").size());
        TrialView guide = byStage.get("guide").getFirst();
        assertEquals(Set.of("body", "scout-0", "scout-1", "scout-2"), guide.inputs().keySet(), "the guide reads every scout");
        assertTrue(guide.outputs().containsKey("guide") && guide.outputs().containsKey("guide-summary"), guide.outputs().toString());
        HttpResponse<String> summary = http.send(HttpRequest.newBuilder(
                URI.create(lab.apiUrl() + "/api/artifacts/" + guide.outputs().get("guide-summary"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(summary.body().contains("\"layers\""), summary.body());
        for (TrialView guided : byStage.get("guided")) {
            assertEquals(guide.outputs().get("guide"), guided.inputs().get("guide"), "guided trials fine-tune with the guide");
            TrialView twin = byStage.get("baseline").stream()
                    .filter(b -> b.configuration().equals(guided.configuration())).findFirst().orElseThrow();
            assertEquals(guided.params(), twin.params(), "the baseline runs the same configuration");
            assertFalse(twin.inputs().containsKey("guide"), "the baseline is not guided");
        }
    }

    @Test
    @Order(6)
    void distillation_trains_the_teacher_then_students_and_the_from_scratch_baseline_on_real_workers() throws Exception {
        List<TrialView> trials = runToCompletion(TINY_DISTILLATION);
        Map<String, List<TrialView>> byStage = trials.stream().collect(Collectors.groupingBy(t -> t.stage().wire()));
        assertEquals(Set.of("teacher", "student", "scratch"), byStage.keySet());
        String teacher = byStage.get("teacher").getFirst().outputs().get("teacher");
        assertEquals(2, byStage.get("student").size());
        byStage.get("student").forEach(s -> assertEquals(teacher, s.inputs().get("teacher")));
        byStage.get("scratch").forEach(s -> assertFalse(s.inputs().containsKey("teacher")));
        for (TrialView t : trials) {
            assertTrue(t.objective() != null && t.objective() > 0.3, t.stage() + " learned something: " + t.objective());
        }
    }

    /** Teachers of digits 0-4, of 5-9 and of Fashion-MNIST teach one 0-9 student (the bundled subsets). */
    static final String TINY_MULTI_TEACHER = """
            name: multi-teacher-e2e
            kind: distillation
            seed: 5
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 40}
            model: {hidden: [32]}
            train: {epochs: 3, batchSize: 50}
            distill:
              teacherHidden: [32]
              teacherEpochs: 2
              teachers: [{classes: [0, 1, 2, 3, 4]}, {classes: [5, 6, 7, 8, 9]}, {dataset: fashion-mnist, classes: [0, 1, 2]}]
            search: {algorithm: grid, trials: 1, maxConcurrent: 2}
            """;

    @Test
    @Order(8)
    void listed_teachers_train_on_their_own_tasks_before_students_that_read_them_all_on_real_workers() throws Exception {
        List<TrialView> trials = runToCompletion(TINY_MULTI_TEACHER);
        Map<String, List<TrialView>> byStage = trials.stream().collect(Collectors.groupingBy(t -> t.stage().wire()));
        assertEquals(Set.of("teacher", "student", "scratch"), byStage.keySet());
        List<TrialView> teachers = byStage.get("teacher");
        assertEquals(3, teachers.size());
        Map<String, String> expected = new java.util.HashMap<>();
        for (TrialView t : teachers) {
            int index = ((Number) t.params().get("teacher")).intValue();
            expected.put(index == 0 ? "teacher" : "teacher-" + index, t.outputs().get("teacher"));
            assertTrue(t.objective() != null && t.objective() > 0.3, "teacher " + index + " learned its own task: " + t.objective());
        }
        TrialView student = byStage.get("student").getFirst();
        assertEquals(expected, student.inputs(), "the student read every teacher");
        TrialView lastTeacher = teachers.stream().max(java.util.Comparator.comparing(TrialView::finishedAt)).orElseThrow();
        assertTrue(!student.startedAt().isBefore(lastTeacher.finishedAt()), "no student before the last teacher ended");
        assertEquals(Map.of(), byStage.get("scratch").getFirst().inputs());
        for (TrialView t : List.of(student, byStage.get("scratch").getFirst())) {
            assertTrue(t.objective() != null && t.objective() > 0.3, t.stage() + " learned something: " + t.objective());
        }
    }

    /**
     * A distillation whose students can only lose: the teacher is left untrained (one epoch at a
     * learning rate of 1e-9) and the students learn from it alone (hardWeight 0), so they score
     * about chance while the from-scratch baseline learns from the labels.
     */
    static final String BASELINE_WINS = """
            name: baseline-wins
            kind: distillation
            seed: 5
            data: {dataset: mnist, validationPerClass: 40}
            model: {hidden: [16]}
            train: {epochs: 2, batchSize: 50}
            distill: {teacherHidden: [16], teacherEpochs: 1, teacherLearningRate: 1.0e-9, softWeight: 1.0, hardWeight: 0.0}
            search:
              algorithm: grid
              trials: 2
              maxConcurrent: 2
              space:
                temperature: {type: choice, values: [1.0, 4.0]}
            """;

    @Test
    @Order(7)
    void show_headline_says_the_baseline_wins_when_it_beats_every_student_as_the_table_ranks_it() throws Exception {
        List<TrialView> trials = runToCompletion(BASELINE_WINS);
        TrialView scratch = trials.stream().filter(t -> t.stage() == TrialStage.SCRATCH).findFirst().orElseThrow();
        TrialView bestStudent = trials.stream().filter(t -> t.stage() == TrialStage.STUDENT)
                .max(java.util.Comparator.comparingDouble(TrialView::objective)).orElseThrow();
        assertTrue(scratch.objective() > bestStudent.objective(),
                "the run this test needs: the baseline " + scratch.objective() + " beats every student, best " + bestStudent.objective());

        StringWriter shown = new StringWriter();
        assertEquals(0, Tlab.run(new PrintWriter(shown, true), new PrintWriter(new StringWriter()),
                "show", scratch.experimentId(), "--api", lab.apiUrl()));
        String text = shown.toString();
        String[] top = text.lines().filter(l -> l.startsWith("#") && !l.contains("teacher")).findFirst().orElseThrow().split("\\s+");
        assertEquals(List.of("#" + scratch.number(), "scratch"), List.of(top[0], top[1]), "the table ranks the baseline first:\n" + text);
        String headline = text.lines().filter(l -> l.startsWith("objective:")).findFirst().orElseThrow();
        assertTrue(headline.endsWith("best: " + top[4] + " (baseline: student from scratch, trial " + top[0] + "); best student: "
                        + org.transferlab.protocol.view.Standing.number(bestStudent.objective()) + " (trial #" + bestStudent.number() + ")"),
                "the headline names the winning baseline, as the table's top row, and the students' best:\n" + text);
    }

    private static List<TrialView> runToCompletion(String spec) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + "/api/experiments"))
                .header("Authorization", "Bearer " + lab.token()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        String id = Json.read(r.body(), org.transferlab.protocol.view.SubmitResult.class).id();
        await().atMost(Duration.ofMinutes(3)).until(() -> get("/api/experiments/" + id, ExperimentView.class).status().terminal());
        ExperimentView done = get("/api/experiments/" + id, ExperimentView.class);
        assertEquals(ExperimentStatus.COMPLETED, done.status(), done.message());
        List<TrialView> trials = List.of(get("/api/experiments/" + id + "/trials", TrialView[].class));
        trials.forEach(t -> assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + " " + t.stage() + ": " + t.message()));
        return trials;
    }

    private static <T> T get(String path, Class<T> type) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.read(r.body(), type);
    }
}
