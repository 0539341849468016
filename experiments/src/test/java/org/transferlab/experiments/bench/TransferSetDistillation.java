package org.transferlab.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.experiments.TrialRunner;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Hinton et al.'s transfer-set regime scaled to a 2-core machine, run through the worker's own
 * entry ({@link TrialRunner}) with specs as a user writes them: a 2×1200 teacher (dropout 0.5 on
 * hidden units, 0.2 on pixels, jitter 2) on {@code TEACHER_PER_CLASS} images per digit; students
 * 2×300 without regularisation on a transfer set of {@code TRANSFER_PER_CLASS} per digit (part of
 * the teacher's sample), distilled at T ∈ {1, 4, 20}, by pseudo-labels, and without true labels,
 * against the same student trained from scratch on the transfer set's true labels. Each seed is a
 * whole replication (its own teacher sample, teacher and transfer set). Prints a Markdown table of
 * test errors on the full 10,000-image test split with paired differences to scratch.
 *
 * <p>usage: TransferSetDistillation DATASETS_DIR SEEDS WORK_DIR [TEACHER_PER_CLASS TRANSFER_PER_CLASS TEACHER_EPOCHS STUDENT_EPOCHS]
 */
public final class TransferSetDistillation {

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    public static void main(String[] args) throws Exception {
        Path datasets = Path.of(args[0]);
        int seeds = Integer.parseInt(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        int teacherPerClass = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int transferPerClass = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int teacherEpochs = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        int studentEpochs = args.length > 6 ? Integer.parseInt(args[6]) : 50;
        TrialRunner runner = new TrialRunner(datasets);
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(work.resolve("artifacts"));

        Map<String, String> students = new LinkedHashMap<>();
        students.put("scratch (true labels)", null);
        students.put("soft T=1", "mode: soft, temperature: 1.0, softWeight: 0.9, hardWeight: 0.1");
        students.put("soft T=4", "mode: soft, temperature: 4.0, softWeight: 0.9, hardWeight: 0.1");
        students.put("soft T=20", "mode: soft, temperature: 20.0, softWeight: 0.9, hardWeight: 0.1");
        students.put("pseudo-labels (mode: hard)", "mode: hard, softWeight: 0.9, hardWeight: 0.1");
        students.put("soft T=20, unlabelled transfer set", "mode: soft, temperature: 20.0, transferLabels: none, softWeight: 1.0, hardWeight: 0.0");
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        List<Double> teacherErrors = new ArrayList<>();
        long started = System.nanoTime();
        for (int seed = 1; seed <= seeds; seed++) {
            String teacherId = null;
            for (Map.Entry<String, String> student : students.entrySet()) {
                String distill = student.getValue() == null ? "mode: soft" : student.getValue();
                ExperimentSpec spec = SpecCodec.parse("""
                        name: hinton-transfer-set
                        kind: distillation
                        seed: %d
                        data: {dataset: mnist, targetClasses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], validationPerClass: 50}
                        model: {type: mlp, hidden: [300, 300], activation: relu, dropout: 0.0}
                        train: {epochs: %d, batchSize: 100, learningRate: 1.0e-3, checkpointEvery: 0}
                        distill: {teacherHidden: [1200, 1200], teacherDropout: 0.5, teacherInputDropout: 0.2, teacherJitter: 2,
                                  teacherEpochs: %d, teacherLearningRate: 1.0e-3, teacherExamplesPerClass: %d,
                                  transferExamplesPerClass: %d, %s}
                        """.formatted(seed, studentEpochs, teacherEpochs, teacherPerClass, transferPerClass, distill));
                if (teacherId == null) {
                    WorkResult teacher = runner.run(WorkItems.work("teacher-" + seed, "bench", "teacher-" + seed, StageKind.TEACHER,
                            spec, Map.of(), Map.of(), null), artifacts, QUIET);
                    teacherId = teacher.artifacts().get("teacher");
                    teacherErrors.add(teacher.finalMetrics().get("test_errors"));
                    System.err.printf("seed %d teacher %.0f errors (%.0f s)%n", seed, teacherErrors.getLast(), seconds(started));
                }
                Map<String, String> inputs = student.getValue() == null ? Map.of() : Map.of("teacher", teacherId);
                WorkItem item = WorkItems.work("s-" + seed + student.getKey(), "bench", "s-" + seed, StageKind.STUDENT, spec,
                        Map.of(), inputs, null);
                double e = runner.run(item, artifacts, QUIET).finalMetrics().get("test_errors");
                errors.computeIfAbsent(student.getKey(), k -> new ArrayList<>()).add(e);
                System.err.printf("seed %d %s: %.0f errors (%.0f s)%n", seed, student.getKey(), e, seconds(started));
            }
        }
        List<Double> scratch = errors.get("scratch (true labels)");
        System.out.println("| student (2x300, " + transferPerClass * 10 + "-image transfer set, " + studentEpochs
                + " epochs) | test errors per seed | mean | × scratch | paired − scratch, 95 % interval |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| teacher 2x1200 (%d images, %d epochs) | %s | %.0f | | |%n", teacherPerClass * 10, teacherEpochs,
                teacherErrors, mean(teacherErrors));
        for (Map.Entry<String, List<Double>> row : errors.entrySet()) {
            List<Double> e = row.getValue();
            List<Double> diff = new ArrayList<>();
            for (int i = 0; i < e.size(); i++) {
                diff.add(e.get(i) - scratch.get(i));
            }
            double half = halfWidth(diff);
            System.out.printf("| %s | %s | %.0f | %.2f | %s |%n", row.getKey(), e, mean(e), mean(e) / mean(scratch),
                    row.getValue() == scratch ? "" : String.format("%+.0f [%+.0f, %+.0f]", mean(diff), mean(diff) - half, mean(diff) + half));
        }
        System.out.printf("%nseeds 1..%d, wall time %.0f s%n", seeds, seconds(started));
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Student-t 95 % half-width of the mean (n ≤ 11 tabulated; normal beyond). */
    private static double halfWidth(List<Double> xs) {
        int n = xs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(xs);
        double var = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (n - 1);
        double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};
        return (n - 1 <= t.length ? t[n - 2] : 1.96) * Math.sqrt(var / n);
    }
}
