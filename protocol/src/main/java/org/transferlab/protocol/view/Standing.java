package org.transferlab.protocol.view;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.work.TrialStage;

/**
 * Which trial is best, in the one sense every summary uses: the best objective among the sweep's
 * trials and their automatic baselines, exactly the rows that the trial tables sort best first. When
 * a baseline wins, the summary says so and names the method's own best too, so a headline never
 * disagrees with the top of the table and never hides that the baseline won; the headline names the
 * winner's side ({@code method: guided} or {@code baseline: plain fine-tune}). Preparatory stages
 * (pretrain, teacher, scouts, guide) solve other tasks and never count.
 *
 * @param best the best sweep or baseline trial, null while none has a result
 * @param bestOfMethod the best trial of the method's own sweep (guided, student, finetune, synthetic)
 */
public record Standing(TrialView best, TrialView bestOfMethod) {

    /** The automatic baselines and how a summary names them. */
    public static final Map<TrialStage, String> BASELINES = Map.of(TrialStage.BASELINE, "plain fine-tune",
            TrialStage.SCRATCH, "student from scratch", TrialStage.FROM_SCRATCH, "network from scratch",
            TrialStage.SYNTHETIC_BASELINE, "synthetic baseline");

    /** Ranks the trials with a result; {@code objectiveMode} is {@code min} or {@code max}. */
    public static Standing of(List<TrialView> trials, String objectiveMode) {
        Comparator<TrialView> better = Comparator.comparingDouble(TrialView::objective);
        if (!"min".equals(objectiveMode)) {
            better = better.reversed();
        }
        List<TrialView> ranked = trials.stream()
                .filter(t -> t.objective() != null && !t.objective().isNaN())
                .filter(t -> t.stage().swept())
                // an exact tie goes to the method: a baseline is the best only when it is strictly better
                .sorted(better.thenComparing((TrialView t) -> t.stage().baseline()).thenComparingInt(TrialView::number))
                .toList();
        TrialView best = ranked.isEmpty() ? null : ranked.getFirst();
        TrialView method = ranked.stream().filter(t -> t.stage().method()).findFirst().orElse(null);
        return new Standing(best, method);
    }

    /** Whether an automatic baseline beat every trial of the method. */
    public boolean baselineWins() {
        return best != null && best.stage().baseline();
    }

    public Optional<Double> bestValue() {
        return Optional.ofNullable(best).map(TrialView::objective);
    }

    /**
     * One line for a headline, e.g. {@code best: 0.8960 (baseline: plain fine-tune, trial #7); best
     * guided: 0.8920 (trial #6)}, or {@code best: 0.9120 (method: guided, trial #3)} when the method wins;
     * an exact tie between them goes to the method.
     */
    public String summary() {
        return summary(null);
    }

    /** {@link #summary()} with the metric's name after "best", e.g. {@code best val_accuracy: 0.8960 (…)}. */
    public String summary(String metric) {
        String head = metric == null ? "best: " : "best " + metric + ": ";
        if (best == null) {
            return head + "-";
        }
        if (!baselineWins()) {
            return head + number(best.objective()) + " (method: " + best.stage() + ", trial #" + best.number() + ")";
        }
        return head + number(best.objective()) + " (baseline: " + BASELINES.get(best.stage()) + ", trial #" + best.number() + ")"
                + (bestOfMethod == null ? "" : "; best " + bestOfMethod.stage() + ": " + number(bestOfMethod.objective())
                        + " (trial #" + bestOfMethod.number() + ")");
    }

    /** A metric value as every summary prints it: four decimals. */
    public static String number(Double value) {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
