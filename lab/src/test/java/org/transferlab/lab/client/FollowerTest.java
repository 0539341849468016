package org.transferlab.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * {@code submit --follow} on the events of a GTL run (examples/mnist-gtl.yaml: pretrain 3 epochs,
 * scouts 5, the sweep 15): each stage's bar divides by that stage's own epochs, the guide (no
 * epochs) is not shown as 0/15, the header names the stage that runs, the outcome line follows the
 * final bars, and the final table and summary print parameters and the best trial as the table ranks them.
 */
class FollowerTest {

    private static final String ID = "exp-gtl";
    private final StringWriter text = new StringWriter();
    private final List<TrialView> trials = new ArrayList<>();
    private ExperimentSpec spec;
    private long seq;

    @BeforeEach
    void readSpec() throws Exception {
        spec = SpecCodec.parse(Files.readString(Path.of("..", "examples", "mnist-gtl.yaml")));
    }

    private Follower follower(boolean redraw) {
        return new Follower(id -> List.copyOf(trials), new PrintWriter(text, true), redraw);
    }

    private TrialView trial(int number, String stage, Map<String, Object> params, Double objective) {
        return new TrialView(ID + "-t" + number, ID, number, TrialStage.of(stage), TrialStatus.COMPLETED, params, "n/cpu-0", 0, Map.of(),
                objective, Instant.EPOCH, Instant.EPOCH, null);
    }

    private void send(Follower f, String type, String trialId, String message, Integer epoch, Map<String, Double> metrics) {
        f.onEvent(ID, spec, "val_accuracy", new LabEvent(++seq, ID, trialId, LabEvent.Kind.of(type), 0, message, epoch, metrics));
    }

    private void queue(Follower f, TrialView t) {
        trials.add(t);
        send(f, "trial.queued", t.id(), t.stage() + " queued", null, null);
    }

    /** Runs a trial through {@code epochs} epochs to completion. */
    private void run(Follower f, TrialView t, int epochs) {
        send(f, "trial.started", t.id(), "attempt 1", null, null);
        for (int e = 1; e <= epochs; e++) {
            send(f, "trial.metrics", t.id(), null, e, Map.of("val_accuracy", 0.5 + e / 100.0));
        }
        send(f, "trial.completed", t.id(), "done", null, null);
    }

    private static String lastLineOf(String all, String start) {
        String found = null;
        for (String line : all.split("\n")) {
            line = line.replaceAll("\033\\[\\d*[A-Z]", ""); // the cursor moves of a redraw
            if (line.startsWith(start)) {
                found = line;
            }
        }
        return found;
    }

    @Test
    void each_stage_counts_its_own_planned_epochs_and_the_guide_shows_no_epoch_count() {
        Follower f = follower(false);
        TrialView pretrain = trial(1, "pretrain", Map.of(), null);
        queue(f, pretrain);
        run(f, pretrain, 3);
        TrialView scout = trial(2, "scout", Map.of("scout", 0), null);
        queue(f, scout);
        run(f, scout, 5);
        TrialView guide = trial(3, "guide", Map.of(), null);
        queue(f, guide);
        run(f, guide, 0);
        String out = text.toString();
        assertTrue(lastLineOf(out, "#1 ").contains("[########################]   3/3   COMPLETED"), out);
        assertTrue(lastLineOf(out, "#2 ").contains("[########################]   5/5   COMPLETED"), "scouts train 5 epochs: " + out);
        assertTrue(lastLineOf(out, "#3 ").contains("[########################]   -/-   COMPLETED"), "the guide trains no epochs: " + out);
        assertFalse(out.contains("/15"), out);
    }

    @Test
    void header_names_the_running_stage_and_no_sweep_is_announced_before_the_scouts() {
        Follower f = follower(true);
        TrialView pretrain = trial(1, "pretrain", Map.of(), null);
        queue(f, pretrain);
        send(f, "trial.started", pretrain.id(), "attempt 1", null, null);
        assertTrue(text.toString().endsWith("stage: pretrain\n" + lastLineOf(text.toString(), "#1 ") + "\n"), text.toString());
        send(f, "trial.completed", pretrain.id(), "done", null, null);
        send(f, "stage.completed", null, "pretrain, published {body=a1}", null, null);
        TrialView scout = trial(2, "scout", Map.of("scout", 0), null);
        queue(f, scout);
        send(f, "trial.started", scout.id(), "attempt 1", null, null);
        String out = text.toString();
        assertTrue(out.contains("stage pretrain, published {body=a1} done\n"), out);
        assertFalse(out.contains("sweep"), "the scouts are not the sweep: " + out);
        assertEquals("stage: scout", lastLineOf(out, "stage: "));
    }

    /**
     * Distillation (examples/mnist-distillation.yaml with the teacher trained 5 epochs, the students 3):
     * while the teacher trains the header says so, not "pretrain", and its bar counts the teacher's
     * own epochs, not {@code train.epochs}.
     */
    @Test
    void while_the_teacher_trains_the_header_names_it_and_its_bar_counts_the_teachers_epochs() throws Exception {
        spec = SpecCodec.parse(Files.readString(Path.of("..", "examples", "mnist-distillation.yaml"))
                .replace("teacherEpochs: 3", "teacherEpochs: 5"));
        Follower f = follower(true);
        TrialView teacher = trial(1, "teacher", Map.of(), null);
        queue(f, teacher);
        send(f, "trial.started", teacher.id(), "attempt 1", null, null);
        send(f, "trial.metrics", teacher.id(), null, 1, Map.of("val_accuracy", 0.9));
        String running = text.toString();
        assertEquals("stage: teacher", lastLineOf(running, "stage: "), running);
        assertFalse(running.contains("pretrain"), running);
        assertTrue(lastLineOf(running, "#1 ").contains("1/5   RUNNING"), "the teacher's own 5 epochs: " + running);
        for (int e = 2; e <= 5; e++) {
            send(f, "trial.metrics", teacher.id(), null, e, Map.of("val_accuracy", 0.9));
        }
        send(f, "trial.completed", teacher.id(), "done", null, null);
        TrialView student = trial(2, "student", Map.of("temperature", 2.0), null);
        queue(f, student);
        run(f, student, 3);
        String out = text.toString();
        assertTrue(lastLineOf(out, "#1 ").contains("[########################]   5/5   COMPLETED"), out);
        assertTrue(lastLineOf(out, "#2 ").contains("[########################]   3/3   COMPLETED"), "students train train.epochs: " + out);
        assertEquals("stage: student", lastLineOf(out, "stage: "), out);
    }

    @Test
    void the_outcome_line_follows_the_final_bars_and_the_summary_agrees_with_the_table() {
        Follower f = follower(true);
        TrialView guided = trial(6, "guided", Map.of("learningRate", 0.000923), 0.8920);
        TrialView baseline = trial(7, "baseline", Map.of("learningRate", 0.000923), 0.8960);
        queue(f, guided);
        queue(f, baseline);
        run(f, guided, 15);
        run(f, baseline, 15);
        send(f, "experiment.completed", null, "best val_accuracy: 0.8960", null, null);
        String out = text.toString();
        String finalBars = "stage: baseline\n" + lastLineOf(out, "#6 ") + "\n" + lastLineOf(out, "#7 ") + "\n";
        assertTrue(out.endsWith(finalBars + "completed: best val_accuracy: 0.8960\n"), "outcome after the last redraw: " + out);

        ExperimentView done = new ExperimentView(ID, "mnist-gtl", "gtl", ExperimentStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH,
                "val_accuracy", "max", 2, 2, 0, 0.8960, baseline.id(), null, spec);
        text.getBuffer().setLength(0);
        f.finish(done, trials, Comparison.of(trials, "val_accuracy", "max"));
        String[] lines = text.toString().split("\n");
        assertEquals(ID + " COMPLETED: best val_accuracy: 0.8960 (baseline: plain fine-tune, trial #7); best guided: 0.8920 (trial #6)",
                lines[1]);
        assertEquals("baseline: plain fine-tune, paired by seed with the best guided configuration on val_accuracy "
                + "(learningRate=0.000923)", lines[2]);
        assertEquals("  guided − plain fine-tune (val_accuracy): -0.40 pts, 1 seed (n too small for an interval)", lines[3]);
        assertEquals("  guided scored 0.40 pts below plain fine-tune (one seed: too few to tell)", lines[4]);
        assertTrue(lines[6].startsWith("#7 ") && lines[6].contains("0.8960"), "the table's top row is the best: " + lines[6]);
        assertTrue(lines[6].contains("learningRate=0.000923"), "four significant digits, not four decimals: " + lines[6]);
    }

    @Test
    void the_summary_of_a_distillation_says_what_its_students_learn_by() throws Exception {
        ExperimentSpec attention = SpecCodec.parse(Files.readString(Path.of("..", "examples", "mnist-distillation-attention.yaml")));
        TrialView student = trial(1, "student", Map.of("seed", 1), 0.91);
        TrialView scratch = trial(2, "scratch", Map.of("seed", 1), 0.90);
        trials.add(student);
        trials.add(scratch);
        ExperimentView done = new ExperimentView(ID, "mnist-distillation-attention", "distillation", ExperimentStatus.COMPLETED,
                Instant.EPOCH, Instant.EPOCH, "val_accuracy", "max", 2, 2, 0, 0.91, student.id(), null, attention);
        follower(false).finish(done, trials, Comparison.of(trials, "val_accuracy", "max"));
        String[] lines = text.toString().split("\n");
        assertEquals("students learn by: attention transfer (student conv1 ↔ teacher conv1, student pool2 ↔ teacher pool2; "
                + "β = 1000, p = 2) with soft targets", lines[2], text.toString());
        assertTrue(lines[3].startsWith("baseline: student from scratch, paired by seed"), lines[3]);
    }

    @Test
    void the_summary_of_a_width_sweep_lists_its_front_with_each_students_gain_over_its_twin() throws Exception {
        ExperimentSpec widths = SpecCodec.parse(Files.readString(Path.of("..", "examples", "mnist-distillation-width-pareto.yaml")));
        trials.add(sized(1, "student", 0.5, 0.86, 100));
        trials.add(sized(2, "scratch", 0.5, 0.85, 100));
        trials.add(sized(3, "student", 2.0, 0.90, 400));
        trials.add(sized(4, "scratch", 2.0, 0.88, 400));
        ExperimentView done = new ExperimentView(ID, "widths", "distillation", ExperimentStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH,
                "val_accuracy", "max", 4, 4, 0, 0.90, "t3", null, widths);
        follower(false).finish(done, trials, Comparison.of(trials, "val_accuracy", "max"),
                org.transferlab.protocol.view.ParetoFront.of(trials, widths.objective().goals()));
        String out = text.toString();
        assertTrue(out.contains("\nPareto front (max val_accuracy, min params): 2 of 2 trials\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("#3\\s+0\\.9\\s+400\\s+#4\\s+0\\.88\\s+\\+2\\.0 pts\\s+width=2")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("#1\\s+0\\.86\\s+100\\s+#2\\s+0\\.85\\s+\\+1\\.0 pts\\s+width=0\\.5")), out);
        assertTrue(out.indexOf("Pareto front") < out.indexOf("TRIAL  STAGE"), "the front comes before the trial table: " + out);
    }

    private TrialView sized(int number, String stage, double width, double accuracy, double params) {
        return new TrialView(ID + "-t" + number, ID, number, TrialStage.of(stage), TrialStatus.COMPLETED, Map.of("width", width),
                "n/cpu-0", 0, Map.of("val_accuracy", accuracy, "params", params), accuracy, Instant.EPOCH, Instant.EPOCH, null);
    }
}
