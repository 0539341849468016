package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.transferlab.client.EventSubscription;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.TrialConfig;

/**
 * Follows an experiment's event stream in the terminal: one progress bar per trial (redrawn in
 * place on a terminal, one line per change otherwise), then the trial table sorted by the objective.
 * Each bar's total is its own stage's planned epochs ({@link TrialConfig#plannedEpochs}: scouts their scout epochs,
 * the teacher its teacher epochs, the guide none), and the header names the stages running now. When the
 * transferability stage is done, its ranking of frozen depths is printed before the sweep's bars.
 */
final class Follower {

    private static final int BAR = 24;

    private final Function<String, List<TrialView>> trials;
    private final Function<String, TransferabilityView> transferability;
    private final PrintWriter out;
    private final boolean redraw;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawnLines;

    Follower(LabApiClient client, PrintWriter out) {
        this(client::trials, client::transferability, out,
                System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")));
    }

    /** @param redraw redraw the bars in place (a terminal) instead of printing a line per change */
    Follower(Function<String, List<TrialView>> trials, PrintWriter out, boolean redraw) {
        this(trials, id -> null, out, redraw);
    }

    /** @param transferability reads the transferability stage's ranking once it is done */
    Follower(Function<String, List<TrialView>> trials, Function<String, TransferabilityView> transferability, PrintWriter out,
            boolean redraw) {
        this.trials = trials;
        this.transferability = transferability;
        this.out = out;
        this.redraw = redraw;
    }

    private static final class Row {
        final int number;
        final String stage;
        final int totalEpochs;
        final String params;
        int epoch;
        Double value;
        String status = "QUEUED";

        Row(int number, String stage, int totalEpochs, String params) {
            this.number = number;
            this.stage = stage;
            this.totalEpochs = totalEpochs;
            this.params = params;
        }
    }

    int follow(LabApiClient client, String experimentId) throws InterruptedException {
        ExperimentView experiment = client.experiment(experimentId);
        ExperimentSpec spec = experiment.spec();
        String metric = experiment.objectiveMetric();
        CountDownLatch ended = new CountDownLatch(1);
        try (EventSubscription ignored = client.subscribe(experimentId, event -> {
            synchronized (this) {
                onEvent(experimentId, spec, metric, event);
            }
            if (event.endsExperiment()) {
                ended.countDown();
            }
        })) {
            ended.await();
        }
        ExperimentView done = client.experiment(experimentId);
        boolean multi = done.spec() != null && done.spec().objective().multi();
        finish(done, client.trials(experimentId), client.comparison(experimentId), multi ? client.pareto(experimentId) : null);
        return done.status() == ExperimentStatus.COMPLETED ? 0 : 1;
    }

    /** The summary of a single-objective experiment (no Pareto front). */
    synchronized void finish(ExperimentView done, List<TrialView> all, Comparison comparison) {
        finish(done, all, comparison, null);
    }

    /**
     * The summary after the last event: the outcome, the best trial as the table ranks it (a method
     * trial or a baseline, named), the method against its automatic baseline, the Pareto front of a
     * multi-objective experiment ({@code pareto}, null for one objective) with each point's gain over
     * its twin, the table.
     */
    synchronized void finish(ExperimentView done, List<TrialView> all, Comparison comparison, ParetoFront pareto) {
        out.println();
        out.println(done.id() + " " + done.statusText() + ": " + Standing.of(all, done.objectiveMode()).summary(done.objectiveMetric()));
        if ("distillation".equals(done.kind()) && done.spec() != null && done.spec().distill() != null) {
            out.println("students learn by: " + done.spec().distill().methodText());
        }
        if (comparison.hasBaseline()) {
            comparison.report().forEach(out::println);
        }
        if (pareto != null) {
            out.println();
            out.print(ParetoTable.render(pareto));
            out.println();
        }
        out.print(TrialTable.render(all, done));
        out.flush();
    }

    synchronized void onEvent(String experimentId, ExperimentSpec spec, String metric, LabEvent e) {
        switch (e.kind()) {
            case TRIAL_QUEUED -> refreshTrials(experimentId, spec);
            case STAGE_COMPLETED -> {
                Row stage = e.trialId() == null ? null : rows.get(e.trialId());
                TransferabilityView ranking = stage != null && TrialStage.TRANSFERABILITY.wire().equals(stage.stage)
                        ? transferability.apply(experimentId) : null;
                if (ranking != null) {
                    // the ranking comes before the sweep's first trial: shown whole, not as one line
                    block(TransferabilityTable.render(ranking));
                } else {
                    line("stage " + e.message() + " done");
                }
            }
            case TRIAL_STARTED -> update(e.trialId(), r -> r.status = "RUNNING");
            case TRIAL_METRICS -> update(e.trialId(), r -> {
                r.epoch = e.epoch() == null ? r.epoch : e.epoch();
                r.value = e.metrics() == null ? r.value : e.metrics().get(metric);
            });
            case TRIAL_COMPLETED -> update(e.trialId(), r -> r.status = "COMPLETED");
            case TRIAL_STOPPED -> update(e.trialId(), r -> r.status = "STOPPED");
            case TRIAL_FAILED -> {
                update(e.trialId(), r -> r.status = "FAILED");
                line("trial failed: " + e.message());
            }
            case TRIAL_REQUEUED -> update(e.trialId(), r -> r.status = "REQUEUED");
            case TRIAL_EXPLOITED -> {
                Row exploited = e.trialId() == null ? null : rows.get(e.trialId());
                line((exploited == null ? "trial " + e.trialId() : "#" + exploited.number) + " " + e.message());
            }
            default -> {
                if (e.kind().experimentLevel()) {
                    String text = e.kind().shortName() + ": " + (e.message() == null ? "" : e.message());
                    if (e.endsExperiment()) {
                        // the final bars stay on screen and the outcome follows them
                        draw(metric);
                        drawnLines = 0;
                        out.println(text);
                        out.flush();
                        return;
                    }
                    line(text);
                }
            }
        }
        draw(metric);
    }

    private void refreshTrials(String experimentId, ExperimentSpec spec) {
        for (TrialView t : trials.apply(experimentId)) {
            rows.computeIfAbsent(t.id(), id -> new Row(t.number(), t.stage().wire(), TrialConfig.plannedEpochs(spec, t.stage(), t.params()),
                    t.params().entrySet().stream().map(p -> p.getKey() + "=" + TextTable.param(p.getValue()))
                            .reduce((a, b) -> a + " " + b).orElse("")));
        }
    }

    private void update(String trialId, Consumer<Row> change) {
        Row r = rows.get(trialId);
        if (r != null) {
            change.accept(r);
            if (!redraw) {
                out.println(render(r, null));
                out.flush();
            }
        }
    }

    /** Several lines above the bars, printed once. */
    private void block(String text) {
        text.lines().forEach(this::line);
    }

    private void line(String text) {
        if (redraw) {
            clear();
        }
        out.println(text);
        out.flush();
    }

    private void draw(String metric) {
        if (!redraw) {
            return;
        }
        clear();
        out.println("stage: " + stages());
        for (Row r : rows.values()) {
            out.println(render(r, metric));
        }
        drawnLines = rows.size() + 1;
        out.flush();
    }

    /** The stages with a running trial, in plan order; else the last stage that has trials. */
    private String stages() {
        Set<String> running = new LinkedHashSet<>();
        String last = "waiting";
        for (Row r : rows.values()) {
            if (r.status.equals("RUNNING")) {
                running.add(r.stage);
            }
            last = r.stage;
        }
        return running.isEmpty() ? last : String.join(", ", running);
    }

    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            out.print("\033[1A\033[2K");
        }
        drawnLines = 0;
    }

    private static String render(Row r, String metric) {
        boolean finished = r.status.equals("COMPLETED");
        // a stage without epochs (the guide) is all or nothing; a completed trial has run what it was planned to
        int filled = r.totalEpochs <= 0 ? (finished ? BAR : 0) : Math.min(BAR, r.epoch * BAR / r.totalEpochs);
        String bar = "#".repeat(filled) + "-".repeat(BAR - filled);
        String progress = r.totalEpochs <= 0 ? "  -/-  " : String.format(Locale.ROOT, "%3d/%-3d", r.epoch, r.totalEpochs);
        return String.format(Locale.ROOT, "#%-3d %-8s [%s] %s %-9s %s %s", r.number, r.stage, bar, progress,
                r.status, r.value == null ? "" : (metric == null ? "" : metric + "=") + Standing.number(r.value), r.params);
    }
}
