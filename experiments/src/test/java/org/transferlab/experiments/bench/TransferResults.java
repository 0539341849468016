package org.transferlab.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.DataSplits;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.experiments.model.Networks;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.transfer.FineTuneStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;

/**
 * Part (a) of {@code docs/RESULTS.md}: few-shot transfer on the full datasets, through the
 * product's own stages ({@link PretrainStage}, {@link FineTuneStage}) and a from-scratch baseline
 * with the same network and budget. For each seed and each pair (MNIST 0–4 → 5–9; MNIST 0–9 →
 * Fashion-MNIST 0–9) a body is pretrained once (supervised; for MNIST 0–4 also a masked-input
 * autoencoder), then for each k every method trains on the same k examples per target class and
 * is scored on every test example of the target classes (no model selection on it: a fixed
 * budget of {@link #STEPS} Adam steps of batch 16 at learning rate 1e-3 for every method and k,
 * the last step counts). Prints a markdown section to stdout.
 *
 * <pre>usage: TransferResults DATASET_ROOT SEEDS [WORK_DIR]</pre>
 */
public final class TransferResults {

    static final List<Integer> KS = List.of(1, 5, 20);
    static final String MODEL = "{type: mlp, hidden: [256, 128], activation: relu}";
    static final String PRETRAIN = "{epochs: 3, batchSize: 64, learningRate: 1.0e-3, maskRatio: 0.5}";
    /** Every method gets the same number of optimiser steps, whatever k is (epochs follow from it). */
    static final int STEPS = 300;
    static final int BATCH = 16;
    static final double LR = 1e-3;

    record Pair(String name, String source, List<Integer> sourceClasses, int sourcePerClass, String target,
            List<Integer> targetClasses, boolean withAutoencoder) {}

    static final List<Pair> PAIRS = List.of(
            new Pair("MNIST 0–4 → 5–9", "mnist", List.of(0, 1, 2, 3, 4), 5000, "mnist", List.of(5, 6, 7, 8, 9), true),
            new Pair("MNIST 0–9 → Fashion-MNIST 0–9", "mnist", range(10), 5000, "fashion-mnist", range(10), false));

    static final List<String> METHODS = List.of("scratch", "feature extraction", "full fine-tune", "MAE body, full fine-tune");

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    public static void main(String[] args) throws Exception {
        org.transferlab.experiments.platform.NativeVariant.apply();
        Path root = Path.of(args[0]);
        int seeds = Integer.parseInt(args[1]);
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tlab-results");
        DatasetRegistry registry = new DatasetRegistry(root);
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(work.resolve("artifacts"));
        long started = System.nanoTime();

        // pair → k → method → accuracies over seeds
        Map<String, Map<Integer, Map<String, List<Double>>>> results = new LinkedHashMap<>();
        Map<String, List<Double>> sourceAccuracy = new LinkedHashMap<>();
        for (Pair pair : PAIRS) {
            Dataset source = registry.get(pair.source());
            Dataset target = registry.get(pair.target());
            if (source.bundledSubset() || target.bundledSubset()) {
                throw new IllegalStateException("full datasets needed: run scripts/fetch-data.sh into " + root.getParent());
            }
            DataSet test = ClassSampler.toDataSet(target.test(), allOf(target, pair.targetClasses()), pair.targetClasses());
            for (int seed = 1; seed <= seeds; seed++) {
                ExperimentSpec base = spec(pair, seed, 1, PretrainStageMode.SUPERVISED);
                var supervised = new PretrainStage(work(base, StageKind.PRETRAIN, Map.of()), base, source, artifacts).run(QUIET);
                sourceAccuracy.computeIfAbsent(pair.name(), p -> new ArrayList<>()).add(supervised.finalMetrics().get("val_accuracy"));
                String maeBody = null;
                if (pair.withAutoencoder()) {
                    ExperimentSpec mae = spec(pair, seed, 1, PretrainStageMode.MASKED_AUTOENCODER);
                    maeBody = new PretrainStage(work(mae, StageKind.PRETRAIN, Map.of()), mae, source, artifacts).run(QUIET)
                            .artifacts().get(ArtifactRole.BODY.key());
                }
                for (int k : KS) {
                    ExperimentSpec spec = spec(pair, seed, k, PretrainStageMode.SUPERVISED);
                    Map<String, List<Double>> row = results.computeIfAbsent(pair.name(), p -> new LinkedHashMap<>())
                            .computeIfAbsent(k, x -> new LinkedHashMap<>());
                    row.computeIfAbsent("scratch", m -> new ArrayList<>()).add(scratch(spec, target, test));
                    String body = supervised.artifacts().get(ArtifactRole.BODY.key());
                    row.computeIfAbsent("feature extraction", m -> new ArrayList<>())
                            .add(fineTune(spec, target, artifacts, body, 2, test));
                    row.computeIfAbsent("full fine-tune", m -> new ArrayList<>())
                            .add(fineTune(spec, target, artifacts, body, 0, test));
                    if (maeBody != null) {
                        row.computeIfAbsent("MAE body, full fine-tune", m -> new ArrayList<>())
                                .add(fineTune(spec, target, artifacts, maeBody, 0, test));
                    }
                    System.err.printf(Locale.ROOT, "%s seed %d k %d: %s%n", pair.name(), seed, k, last(row));
                }
            }
        }
        print(results, sourceAccuracy, seeds, (System.nanoTime() - started) / 1e9);
    }

    enum PretrainStageMode { SUPERVISED, MASKED_AUTOENCODER }

    static ExperimentSpec spec(Pair pair, long seed, int k, PretrainStageMode mode) {
        return SpecCodec.parse(String.format(Locale.ROOT, """
                name: results-a
                kind: finetune
                seed: %d
                data: {dataset: %s, sourceDataset: %s, sourceClasses: %s, sourceExamplesPerClass: %d,
                       targetClasses: %s, examplesPerClass: %d, validationPerClass: 20}
                model: %s
                pretrain: {mode: %s, epochs: 3, batchSize: 64, learningRate: 1.0e-3, maskRatio: 0.5}
                train: {epochs: %d, batchSize: %d, learningRate: %s, checkpointEvery: 0}
                """, seed, pair.target(), pair.source(), pair.sourceClasses(), pair.sourcePerClass(),
                pair.targetClasses(), k, MODEL, mode == PretrainStageMode.SUPERVISED ? "supervised" : "masked-autoencoder",
                epochs(pair.targetClasses().size() * k), BATCH, LR)).withDefaults();
    }

    /** Epochs that give {@link #STEPS} minibatches of {@link #BATCH} over {@code examples} examples. */
    static int epochs(int examples) {
        int stepsPerEpoch = (examples + BATCH - 1) / BATCH;
        return (STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
    }

    static WorkItem work(ExperimentSpec spec, StageKind stage, Map<String, Object> params) {
        return work(spec, stage, params, Map.of());
    }

    static WorkItem work(ExperimentSpec spec, StageKind stage, Map<String, Object> params, Map<String, String> inputs) {
        return WorkItems.work("results", "results", "t", stage, spec, params, inputs, null);
    }

    static double fineTune(ExperimentSpec spec, Dataset target, DirectoryArtifactStore artifacts, String body,
            int frozen, DataSet test) throws Exception {
        var result = new FineTuneStage(work(spec, StageKind.FINETUNE, Map.of("frozenLayers", frozen), Map.of("body", body)),
                spec, target, artifacts).run(QUIET);
        return accuracy(Checkpoints.load(artifacts.fetch(result.artifacts().get(ArtifactRole.MODEL.key()))), test);
    }

    static double scratch(ExperimentSpec spec, Dataset target, DataSet test) {
        var data = spec.data();
        DataSplits splits = DataSplits.of(target, spec);
        DataSet train = ClassSampler.sample(splits.training(), data.targetClasses(), data.examplesPerClass(), spec.seed());
        DataSet validation = splits.validation(data.targetClasses());
        ComputationGraph network = Networks.build(spec.model(), target.info().height(), target.info().width(),
                data.targetClasses().size(), LR, spec.seed());
        new TrainingLoop(network, train, validation, BATCH, spec.seed()).run(spec.train().epochs(), QUIET);
        return accuracy(network, test);
    }

    static double accuracy(ComputationGraph network, DataSet test) {
        Evaluation evaluation = new Evaluation((int) test.getLabels().size(1));
        evaluation.eval(test.getLabels(), network.outputSingle(false, test.getFeatures()));
        return evaluation.accuracy();
    }

    static int[] allOf(Dataset dataset, List<Integer> classes) {
        return IntStream.range(0, dataset.test().size()).filter(i -> classes.contains(dataset.test().label(i))).toArray();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static String last(Map<String, List<Double>> row) {
        StringBuilder out = new StringBuilder();
        row.forEach((m, v) -> out.append(m).append('=').append(String.format(Locale.ROOT, "%.3f ", v.get(v.size() - 1))));
        return out.toString();
    }

    private static String meanSd(List<Double> values) {
        double mean = values.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
        double variance = values.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / Math.max(1, values.size() - 1);
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * Math.sqrt(variance));
    }

    private static void print(Map<String, Map<Integer, Map<String, List<Double>>>> results,
            Map<String, List<Double>> sourceAccuracy, int seeds, double seconds) {
        System.out.println("Test accuracy (%) on every test image of the target classes, mean ± sd over "
                + seeds + " seeds (1.." + seeds + "; the seed draws the k-shot sample, the source sample, the"
                + " initial weights and the batch order).");
        for (var pair : results.entrySet()) {
            System.out.println();
            System.out.println("**" + pair.getKey() + "** (supervised source model's validation accuracy on its own task: "
                    + meanSd(sourceAccuracy.get(pair.getKey())) + ")");
            System.out.println();
            List<String> methods = METHODS.stream().filter(m -> pair.getValue().get(KS.get(0)).containsKey(m)).toList();
            System.out.println("| k per class | " + String.join(" | ", methods) + " |");
            System.out.println("|---|" + "---|".repeat(methods.size()));
            for (var row : pair.getValue().entrySet()) {
                StringBuilder line = new StringBuilder("| " + row.getKey() + " |");
                for (String m : methods) {
                    line.append(' ').append(meanSd(row.getValue().get(m))).append(" |");
                }
                System.out.println(line);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Wall time of this run: %.0f s.%n", seconds);
    }
}
