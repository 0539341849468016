import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transferlab.experiments.TrialRunner;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * RESULTS.md parts (b) and (c), through the product's own entry point (TrialRunner, the stages an
 * orchestrator would queue). Usage: java -cp CP bench/ScienceBench.java (gtl|distill) DATASETS OUT.md SEED...
 * Prints one CSV line per run as it goes, then writes a markdown table of mean ± sd to OUT.md.
 */
public class ScienceBench {

    static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    static TrialRunner runner;
    static DirectoryArtifactStore store;
    static final Map<String, List<Double>> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        org.transferlab.experiments.platform.NativeVariant.apply();
        String what = args[0];
        runner = new TrialRunner(Path.of(args[1]));
        store = new DirectoryArtifactStore(Files.createTempDirectory("tlab-bench-"));
        List<Long> seeds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            seeds.add(Long.parseLong(args[i]));
        }
        long start = System.nanoTime();
        if (what.equals("gtl")) {
            gtl(seeds);
        } else {
            distill(seeds);
        }
        StringBuilder md = new StringBuilder("| setting | metric | mean ± sd | n | runs |\n|---|---|---|---|---|\n");
        results.forEach((key, values) -> {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sd = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, values.size() - 1));
            String[] parts = key.split("\\|");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.4g ± %.2g | %d | %s |%n", parts[0], parts[1], mean, sd,
                    values.size(), values.stream().map(v -> String.format(Locale.ROOT, "%.4g", v)).toList()));
        });
        md.append(String.format(Locale.ROOT, "%nseeds %s, wall time %.0f s%n", seeds, (System.nanoTime() - start) / 1e9));
        Files.writeString(Path.of(args[2]), md.toString());
        System.out.print(md);
    }

    static WorkResult run(ExperimentSpec spec, StageKind stage, Map<String, Object> params, Map<String, String> inputs)
            throws Exception {
        return runner.run(new WorkItem("bench", "bench", "bench", stage, spec, params, inputs, null, null), store, QUIET);
    }

    static void record(String setting, String metric, double value) {
        results.computeIfAbsent(setting + "|" + metric, k -> new ArrayList<>()).add(value);
        System.out.printf(Locale.ROOT, "csv,%s,%s,%.6f%n", setting, metric, value);
    }

    // (b) GTL vs plain full fine-tune, MNIST 0-4 -> 5-9, k-shot targets.
    static void gtl(List<Long> seeds) throws Exception {
        for (long seed : seeds) {
            for (int k : new int[] {5, 20}) {
                String template = """
                        name: bench-gtl
                        kind: gtl
                        seed: %d
                        data: {dataset: mnist, sourceClasses: [0, 1, 2, 3, 4], sourceExamplesPerClass: 1000,
                               targetClasses: [5, 6, 7, 8, 9], examplesPerClass: %d, validationPerClass: 800}
                        model: {type: mlp, hidden: [256, 128], activation: relu}
                        pretrain: {epochs: 5, learningRate: 1.0e-3, batchSize: 64}
                        train: {epochs: 30, batchSize: 10, learningRate: 1.0e-3, frozenLayers: 0, checkpointEvery: 0}
                        gtl: {scouts: 6, classesPerScout: 2, examplesPerClass: %d, scoutEpochs: 10,
                              scoutLearningRate: 1.0e-3, scoutData: target, distance: squared, normalise: tensor,
                              scale: 1.0, sparsify: 0.0, mode: %s}
                        """;
                ExperimentSpec spec = SpecCodec.parse(template.formatted(seed, k, k, "update"));
                // One body per (seed, k) so every arm starts from the same weights.
                String body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of()).artifacts().get("body");
                Map<String, String> guideInputs = new HashMap<>(Map.of("body", body));
                for (int s = 0; s < spec.withDefaults().gtl().scouts(); s++) {
                    guideInputs.put("scout-" + s,
                            run(spec, StageKind.SCOUT, Map.of("scout", s), Map.of("body", body)).artifacts().get("scout"));
                }
                WorkResult guide = run(spec, StageKind.GUIDE, Map.of(), guideInputs);
                record("k=" + k + " guide", "guide_mean", guide.finalMetrics().get("guide_mean"));
                String guideId = guide.artifacts().get("guide");

                record("k=" + k + " plain fine-tune", "val_accuracy",
                        run(spec, StageKind.FINETUNE, Map.of(), Map.of("body", body)).finalMetrics().get("val_accuracy"));
                record("k=" + k + " GTL update mode", "val_accuracy",
                        run(spec, StageKind.FINETUNE, Map.of(), Map.of("body", body, "guide", guideId))
                                .finalMetrics().get("val_accuracy"));
                ExperimentSpec gradientMode = SpecCodec.parse(template.formatted(seed, k, k, "gradient"));
                record("k=" + k + " GTL gradient mode (Adam)", "val_accuracy",
                        run(gradientMode, StageKind.FINETUNE, Map.of(), Map.of("body", body, "guide", guideId))
                                .finalMetrics().get("val_accuracy"));
            }
        }
    }

    // (c) distillation on full MNIST: one teacher, students from scratch and distilled at several T.
    static void distill(List<Long> seeds) throws Exception {
        String teacherSpec = """
                name: bench-distill
                kind: distillation
                seed: %d
                data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 100}
                model: {type: mlp, hidden: [64], activation: relu}
                train: {epochs: %d, batchSize: 100, learningRate: 1.0e-3, checkpointEvery: 0}
                distill: {teacherHidden: [1200, 1200], teacherEpochs: %d, teacherLearningRate: 1.0e-3,
                          teacherDropout: 0.2, softWeight: 0.9, hardWeight: 0.1}
                """;
        int teacherEpochs = Integer.getInteger("bench.teacherEpochs", 4);
        int studentEpochs = Integer.getInteger("bench.studentEpochs", 3);
        long t0 = System.nanoTime();
        WorkResult teacher = run(SpecCodec.parse(teacherSpec.formatted(42, studentEpochs, teacherEpochs)),
                StageKind.TEACHER, Map.of(), Map.of());
        record("teacher 2x1200 dropout 0.2, " + teacherEpochs + " epochs (seed 42)", "test_errors",
                teacher.testMetrics().get("test_errors"));
        System.out.printf(Locale.ROOT, "teacher took %.0f s%n", (System.nanoTime() - t0) / 1e9);
        String teacherId = teacher.artifacts().get("teacher");
        for (long seed : seeds) {
            ExperimentSpec spec = SpecCodec.parse(teacherSpec.formatted(seed, studentEpochs, teacherEpochs));
            record("student 784-64-10 from scratch", "test_errors",
                    run(spec, StageKind.STUDENT, Map.of(), Map.of()).testMetrics().get("test_errors"));
            for (double t : new double[] {1, 2, 4, 8, 20}) {
                record("student 784-64-10 distilled T=" + (int) t, "test_errors",
                        run(spec, StageKind.STUDENT, Map.of("temperature", t), Map.of("teacher", teacherId))
                                .testMetrics().get("test_errors"));
            }
        }
    }
}
