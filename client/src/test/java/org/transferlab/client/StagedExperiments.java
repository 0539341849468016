package org.transferlab.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * Finished GTL, distillation and seeded fine-tune experiments as the API shows them: trials
 * with the plans' stage names, per-epoch metrics and, for GTL, a {@code guide-summary} artifact.
 * Seeded, so every run serves the same numbers. Served by {@link FakeLabApi}.
 */
final class StagedExperiments {

    static final String GTL_ID = "exp-gtl";
    static final String DISTILL_ID = "exp-distill";
    static final String SEEDS_ID = "exp-seeds";
    /** A distillation from three listed teachers: digits 0-4, digits 5-9 and Fashion-MNIST; served by id only. */
    static final String MULTI_ID = "exp-multi";
    static final String GUIDE_ARTIFACT = "art-guide";
    /** How far below its validation accuracy each finished staged trial's held-out test accuracy is. */
    static final double HELD_OUT_GAP = 0.0123;

    /** frozenLayers is a choice: charts must draw it as categories. */
    /** Attention transfer between a conv teacher and a thinner conv student: the distillation view names the method. */
    private static final ExperimentSpec DISTILL_SPEC = SpecCodec.parse("""
            name: mnist-distillation
            kind: distillation
            model:
              layers:
                - {name: conv1, type: conv, filters: 4, kernel: 5, activation: relu}
                - {name: pool1, type: pool}
                - {name: fc, type: dense, units: 32, activation: relu}
            distill:
              method: attention
              teacherModel:
                layers:
                  - {name: conv1, type: conv, filters: 16, kernel: 5, activation: relu}
                  - {name: pool1, type: pool}
                  - {name: fc, type: dense, units: 128, activation: relu}
              attention: {pairs: [{student: conv1, teacher: conv1}]}
            """);

    private static final ExperimentSpec GTL_SPEC = SpecCodec.parse("""
            name: mnist-gtl
            kind: gtl
            search:
              algorithm: grid
              space:
                learningRate: {type: choice, values: [0.001, 0.003]}
                frozenLayers: {type: choice, values: [0, 2]}
            """);

    private static final ExperimentSpec MULTI_SPEC = SpecCodec.parse("""
            name: mnist-multi-teacher
            kind: distillation
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
            distill:
              teachers:
                - {classes: [0, 1, 2, 3, 4]}
                - {classes: [5, 6, 7, 8, 9]}
                - {dataset: fashion-mnist, classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], weight: 2}
            """);

    private final Instant t0 = Instant.parse("2026-11-25T09:00:00Z");
    private final Map<String, List<TrialView>> trials = new LinkedHashMap<>();
    private final Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();

    StagedExperiments() {
        Random random = new Random(5);
        List<TrialView> gtl = new ArrayList<>();
        List<MetricPoint> gtlMetrics = new ArrayList<>();
        int n = 0;
        TrialView pretrain = trial(GTL_ID, n++, "pretrain", Map.of(), 0.95, 0, 60);
        gtl.add(pretrain);
        for (int epoch = 1; epoch <= 3; epoch++) {
            gtlMetrics.add(new MetricPoint(pretrain.id(), epoch, "val_accuracy", 0.9 + 0.01 * epoch, 0));
        }
        for (int s = 0; s < 4; s++) {
            TrialView scout = trial(GTL_ID, n++, "scout", Map.of("scout", s), null, 60, 90);
            gtl.add(scout);
            for (int epoch = 1; epoch <= 5; epoch++) {
                gtlMetrics.add(new MetricPoint(scout.id(), epoch, "loss", 2.0 / epoch + 0.1 * s + 0.05 * random.nextDouble(), 0));
            }
        }
        gtl.add(trial(GTL_ID, n++, "guide", Map.of(), null, 90, 95));
        double[] lrs = {0.001, 0.003};
        for (double lr : lrs) {
            // long parameter text: the trial table must show all of it
            Map<String, Object> params = Map.of("learningRate", lr, "bodyLearningRate", lr / 10, "frozenLayers", lr < 0.002 ? 0 : 2);
            TrialView baseline = trial(GTL_ID, n++, "baseline", params, 0.71 + 10 * lr, 95, 140);
            TrialView guided = trial(GTL_ID, n++, "guided", params, 0.76 + 10 * lr, 95, 150);
            gtl.add(baseline);
            gtl.add(guided);
            for (TrialView t : List.of(baseline, guided)) {
                gtlMetrics.add(new MetricPoint(t.id(), 1, "val_accuracy", t.objective() - 0.1, 0));
                gtlMetrics.add(new MetricPoint(t.id(), 2, "val_accuracy", t.objective(), 0));
            }
        }
        trials.put(GTL_ID, gtl);
        metrics.put(GTL_ID, gtlMetrics);

        List<TrialView> distill = new ArrayList<>();
        n = 0;
        distill.add(trial(DISTILL_ID, n++, "teacher", Map.of(), 0.97, 0, 60));
        for (double t : new double[] {1, 4, 8}) {
            for (double w : new double[] {0.5, 0.9}) {
                double acc = 0.88 + 0.01 * Math.log(t) + (w > 0.6 ? 0.01 : 0) - 0.002 * t;
                distill.add(trial(DISTILL_ID, n++, "student", Map.of("temperature", t, "softWeight", w), acc, 60, 120));
            }
        }
        // the from-scratch baseline wins here, as it can in a real run: every summary must say so
        distill.add(trial(DISTILL_ID, n++, "scratch", Map.of(), 0.90, 60, 110));
        trials.put(DISTILL_ID, distill);
        metrics.put(DISTILL_ID, List.of());

        List<TrialView> multi = new ArrayList<>();
        Map<String, String> everyTeacher = Map.of("teacher", "art-t0", "teacher-1", "art-t1", "teacher-2", "art-t2");
        for (int i = 0; i < 3; i++) {
            multi.add(withArtifacts(trial(MULTI_ID, i, "teacher", Map.of("teacher", i), 0.95 - 0.05 * i, 0, 60), Map.of(),
                    Map.of("teacher", "art-t" + i)));
        }
        multi.add(withArtifacts(trial(MULTI_ID, 3, "student", Map.of("temperature", 4.0), 0.93, 60, 120), everyTeacher, Map.of()));
        multi.add(withArtifacts(trial(MULTI_ID, 4, "scratch", Map.of(), 0.91, 60, 110), Map.of(), Map.of()));
        trials.put(MULTI_ID, multi);
        metrics.put(MULTI_ID, List.of());

        // a fine-tune sweep over two learning rates with three seeds, and the network from scratch on each seed
        List<TrialView> seeds = new ArrayList<>();
        n = 0;
        seeds.add(trial(SEEDS_ID, n++, "pretrain", Map.of(), 0.95, 0, 60));
        double[][] finetune = {{0.80, 0.83, 0.81}, {0.70, 0.72, 0.71}};
        double[] tested = {0.78, 0.80, 0.79};
        double[] scratch = {0.74, 0.76, 0.75};
        double[] scratchTested = {0.73, 0.75, 0.72};
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 3; r++) {
                Map<String, Object> params = Map.of("learningRate", c == 0 ? 0.01 : 0.001, "seed", 42 + r);
                seeds.add(tested(trial(SEEDS_ID, n++, "finetune", params, finetune[c][r], 60, 90), c == 0 ? tested[r] : 0.6));
                if (c == 0) {
                    seeds.add(tested(trial(SEEDS_ID, n++, "from-scratch", Map.of("seed", 42 + r), scratch[r], 60, 90), scratchTested[r]));
                }
            }
        }
        trials.put(SEEDS_ID, seeds);
        metrics.put(SEEDS_ID, List.of());
    }

    /** The trial with the artifacts it consumed and published. */
    private static TrialView withArtifacts(TrialView t, Map<String, String> inputs, Map<String, String> outputs) {
        return new TrialView(t.id(), t.experimentId(), t.number(), t.stage(), t.status(), t.params(), t.slot(), t.epochs(),
                t.lastMetrics(), t.objective(), t.startedAt(), t.finishedAt(), t.message(), t.attempts(), t.configuration(),
                inputs, outputs, t.testMetrics());
    }

    /** The trial with a held-out test accuracy stored beside its objective, as a finished trial reports it. */
    private static TrialView tested(TrialView t, double testAccuracy) {
        return new TrialView(t.id(), t.experimentId(), t.number(), t.stage(), t.status(), t.params(), t.slot(), t.epochs(),
                Map.of("val_accuracy", t.objective()), t.objective(), t.startedAt(), t.finishedAt(), t.message(), t.attempts(),
                t.configuration(), t.inputs(), t.outputs(), Map.of("test_accuracy", testAccuracy));
    }

    private TrialView trial(String experiment, int number, String stage, Map<String, Object> params, Double objective,
            int fromSeconds, int toSeconds) {
        Map<String, Double> last = objective == null ? Map.of() : Map.of("val_accuracy", objective);
        // the held-out value sits a little below validation, as a real one usually does, and is told apart by its digits
        Map<String, Double> test = objective == null ? Map.of() : Map.of("test_accuracy", objective - HELD_OUT_GAP, "test_loss", 0.5);
        return new TrialView(experiment + "-t" + number, experiment, number, TrialStage.of(stage), TrialStatus.COMPLETED, params,
                FakeLabApi.stagedSlot(number), 5, last, objective, t0.plusSeconds(fromSeconds), t0.plusSeconds(toSeconds), null,
                0, null, Map.of(), Map.of(), test);
    }

    List<ExperimentView> experiments() {
        return List.of(experiment(GTL_ID), experiment(DISTILL_ID), experiment(SEEDS_ID));
    }

    ExperimentView experiment(String id) {
        if (id.equals(SEEDS_ID)) {
            return new ExperimentView(id, "mnist-finetune-seeds", "finetune", ExperimentStatus.COMPLETED, t0, t0.plusSeconds(90),
                    "val_accuracy", "max", 9, 9, 0, 0.83, SEEDS_ID + "-t3", null, null);
        }
        if (id.equals(MULTI_ID)) {
            return new ExperimentView(id, "mnist-multi-teacher", "distillation", ExperimentStatus.COMPLETED, t0, t0.plusSeconds(120),
                    "val_accuracy", "max", 5, 5, 0, 0.93, MULTI_ID + "-t3", null, MULTI_SPEC);
        }
        boolean gtl = id.equals(GTL_ID);
        return new ExperimentView(id, gtl ? "mnist-gtl" : "mnist-distillation", gtl ? "gtl" : "distillation",
                ExperimentStatus.COMPLETED, t0, t0.plusSeconds(150), "val_accuracy", "max", trials.get(id).size(),
                trials.get(id).size(), 0, gtl ? 0.79 : 0.90, null, null, gtl ? GTL_SPEC : DISTILL_SPEC);
    }

    List<TrialView> trials(String id) {
        return trials.get(id);
    }

    List<MetricPoint> metrics(String id) {
        return metrics.get(id);
    }

    List<Map<String, Object>> artifacts(String id) {
        return id.equals(GTL_ID) ? List.of(Map.of("id", GUIDE_ARTIFACT, "experimentId", GTL_ID, "role", "guide-summary",
                "sha256", "0".repeat(64), "size", 100)) : List.of();
    }

    /** Two layers of guide values: a smooth bump, so the heat map has something to show. */
    String guideSummary() {
        StringBuilder sb = new StringBuilder("{\"layers\":[");
        int[][] shapes = {{16, 24}, {8, 10}};
        for (int l = 0; l < shapes.length; l++) {
            int rows = shapes[l][0];
            int cols = shapes[l][1];
            sb.append(l == 0 ? "" : ",").append("{\"name\":\"layer").append(l).append("\",\"shape\":[").append(rows * 4).append(',')
                    .append(cols * 4).append("],\"rows\":").append(rows).append(",\"cols\":").append(cols).append(",\"values\":[");
            double sum = 0;
            int above = 0;
            for (int r = 0; r < rows; r++) {
                sb.append(r == 0 ? "[" : ",[");
                for (int c = 0; c < cols; c++) {
                    double v = Math.exp(-(Math.pow(r - rows / 2.0, 2) + Math.pow(c - cols / 3.0, 2)) / (rows + l * 4));
                    sum += v;
                    above += v > 0.5 ? 1 : 0;
                    sb.append(c == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.4f", v));
                }
                sb.append(']');
            }
            sb.append("],\"mean\":").append(String.format(java.util.Locale.ROOT, "%.4f", sum / (rows * cols)))
                    .append(",\"fractionAboveHalf\":").append(String.format(java.util.Locale.ROOT, "%.4f", above / (double) (rows * cols)))
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
