package org.transferlab.lab;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.transferlab.dashboard.client.EventSubscription;
import org.transferlab.dashboard.client.LabApiClient;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.TrialView;

/**
 * Follows an experiment's event stream in the terminal: one progress bar per trial (redrawn in
 * place on a terminal, one line per change otherwise), then the trial table sorted by the objective.
 */
final class Follower {

    private static final int BAR = 24;

    private final LabApiClient client;
    private final PrintWriter out;
    private final boolean redraw = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawnLines;
    private String stage = "pretrain";

    Follower(LabApiClient client, PrintWriter out) {
        this.client = client;
        this.out = out;
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

    int follow(String experimentId) throws InterruptedException {
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
        out.println();
        out.println(done.id() + " " + done.statusText() + (done.message() == null ? "" : ": " + done.message()));
        out.print(TrialTable.render(client.trials(experimentId), done));
        out.flush();
        return done.status() == ExperimentStatus.COMPLETED ? 0 : 1;
    }

    private void onEvent(String experimentId, ExperimentSpec spec, String metric, LabEvent e) {
        switch (e.type()) {
            case "trial.queued" -> refreshTrials(experimentId, spec);
            case "stage.completed" -> {
                stage = "sweep";
                line("stage " + e.message() + " done; sweep starting");
            }
            case "trial.started" -> update(e.trialId(), r -> r.status = "RUNNING");
            case "trial.metrics" -> update(e.trialId(), r -> {
                r.epoch = e.epoch() == null ? r.epoch : e.epoch();
                r.value = e.metrics() == null ? r.value : e.metrics().get(metric);
            });
            case "trial.completed" -> update(e.trialId(), r -> r.status = "COMPLETED");
            case "trial.stopped" -> update(e.trialId(), r -> r.status = "STOPPED");
            case "trial.failed" -> {
                update(e.trialId(), r -> r.status = "FAILED");
                line("trial failed: " + e.message());
            }
            case "trial.requeued" -> update(e.trialId(), r -> r.status = "REQUEUED");
            default -> {
                if (e.type().startsWith("experiment.")) {
                    line(e.type().substring(11) + ": " + (e.message() == null ? "" : e.message()));
                }
            }
        }
        draw(metric);
    }

    private void refreshTrials(String experimentId, ExperimentSpec spec) {
        List<TrialView> trials = client.trials(experimentId);
        for (TrialView t : trials) {
            rows.computeIfAbsent(t.id(), id -> {
                int total = t.stage().equals("pretrain") ? spec.pretrain().epochs()
                        : t.params().get("epochs") instanceof Number n ? n.intValue() : spec.train().epochs();
                String params = t.params().entrySet().stream()
                        .map(p -> p.getKey() + "=" + (p.getValue() instanceof Double d ? String.format(Locale.ROOT, "%.3g", d) : p.getValue()))
                        .reduce((a, b) -> a + " " + b).orElse("");
                return new Row(t.number(), t.stage(), total, params);
            });
        }
    }

    private void update(String trialId, java.util.function.Consumer<Row> change) {
        Row r = rows.get(trialId);
        if (r != null) {
            change.accept(r);
            if (!redraw) {
                out.println(render(r, null));
                out.flush();
            }
        }
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
        out.println("stage: " + stage);
        for (Row r : rows.values()) {
            out.println(render(r, metric));
        }
        drawnLines = rows.size() + 1;
        out.flush();
    }

    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            out.print("\033[1A\033[2K");
        }
        drawnLines = 0;
    }

    private static String render(Row r, String metric) {
        int filled = r.totalEpochs <= 0 ? 0 : Math.min(BAR, r.epoch * BAR / r.totalEpochs);
        String bar = "#".repeat(filled) + "-".repeat(BAR - filled);
        return String.format(Locale.ROOT, "#%-3d %-8s [%s] %3d/%-3d %-9s %s %s", r.number, r.stage, bar, r.epoch, r.totalEpochs,
                r.status, r.value == null ? "" : (metric == null ? "" : metric + "=") + String.format(Locale.ROOT, "%.4f", r.value), r.params);
    }
}
