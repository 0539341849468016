package org.transferlab.dashboard.distill;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.base.BaselineComparison;
import org.transferlab.dashboard.base.Charts;
import org.transferlab.dashboard.base.EChart;
import org.transferlab.dashboard.base.ExperimentStageView;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.base.StageResults;
import org.transferlab.dashboard.compare.CompareView;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * A distillation experiment: student accuracy against the temperature T and against the soft-loss
 * weight (one line per value of the other), and the teacher against the best distilled student and
 * the from-scratch student of the same size, with the best student configuration paired with the
 * scratch runs of its seeds (mean difference and 95 % interval). Students without a T or weight
 * parameter use the spec's defaults. The page says what the students learned from the teacher
 * ({@code distill.method}: soft targets, FitNet hints or attention transfer, with their layers).
 * Below, the teachers ({@code distill.teachers}: each with its task and how it teaches) and each
 * student with the teachers it learned from ({@link TeachersPanel}). A sweep over the student's
 * width adds the distilled and from-scratch students' accuracy against width, and, with several
 * objectives, a link to their Pareto front in the compare view.
 */
@Route(value = "distillation/:id", layout = MainLayout.class)
@PageTitle("Distillation · TransferLab")
public class DistillationView extends ExperimentStageView<DistillationView.Snapshot> {

    record Snapshot(ExperimentView experiment, List<TrialView> trials, Comparison comparison) implements ExperimentStageView.Snapshot {}

    private final H2 title = new H2();
    private final Paragraph method = new Paragraph();
    private final EChart byTemperature = new EChart("distill-temperature", "320px");
    private final EChart byWeight = new EChart("distill-weight", "320px");
    private final EChart comparison = new EChart("distill-comparison", "300px");
    private final H3 widthHeading = new H3("Accuracy against the student's width");
    private final EChart byWidth = new EChart("distill-width", "320px");
    private final RouterLink front = new RouterLink();
    private final BaselineComparison verdict = new BaselineComparison("distill-verdict");
    private final TeachersPanel teachers = new TeachersPanel();

    public DistillationView() {
        super(Duration.ofSeconds(2));
        method.setId("distill-method");
        front.setId("distill-front");
        add(title, problem, method, widthHeading, front, byWidth, new H3("Accuracy against temperature"), byTemperature,
                new H3("Accuracy against the soft-loss weight"),
                byWeight, new H3("Teacher, distilled student, student from scratch"), comparison, verdict, teachers);
        setWidthFull();
    }

    @Override
    protected Snapshot read(LabApiClient client) {
        return new Snapshot(client.experiment(experimentId), client.trials(experimentId), client.comparison(experimentId));
    }

    @Override
    protected void show(Snapshot s) {
        ExperimentView e = s.experiment();
        title.setText("Distillation · " + e.name() + " (" + e.status() + ")");
        method.setText("Students learn by " + methodText(e) + "; the student from scratch learns from the labels alone.");
        double defaultT = e.spec() != null && e.spec().distill() != null && e.spec().distill().temperature() != null
                ? e.spec().distill().temperature() : 4.0;
        double defaultWeight = e.spec() != null && e.spec().distill() != null && e.spec().distill().softWeight() != null
                ? e.spec().distill().softWeight() : 0.9;
        List<TrialView> students = StageResults.of(s.trials(), TrialStage.STUDENT).stream().filter(t -> t.objective() != null).toList();
        byTemperature.show(Charts.lines(e.objectiveMetric() + " against T", "temperature", e.objectiveMetric(),
                grouped(students, "temperature", defaultT, "softWeight", defaultWeight, "weight ")));
        byWeight.show(Charts.lines(e.objectiveMetric() + " against the soft-loss weight", "softWeight", e.objectiveMetric(),
                grouped(students, "softWeight", defaultWeight, "temperature", defaultT, "T=")));
        showWidths(e, s.trials());
        Double teacher = StageResults.best(e, StageResults.of(s.trials(), TrialStage.TEACHER));
        Double distilled = StageResults.best(e, StageResults.of(s.trials(), TrialStage.STUDENT));
        Double scratch = StageResults.best(e, StageResults.of(s.trials(), TrialStage.SCRATCH));
        // several teachers each score on their own task: the bar is the best of them, and says so
        String teacherBar = StageResults.of(s.trials(), TrialStage.TEACHER).size() > 1 ? "best teacher (own task)" : "teacher";
        comparison.show(Charts.bars(e.objectiveMetric(), e.objectiveMetric(), List.of(teacherBar, "best distilled student",
                "student from scratch"), Arrays.asList(teacher, distilled, scratch)));
        verdict.show(s.comparison(), (teacher == null ? "" : String.format(Locale.ROOT, "Teacher %s %.4f. ", e.objectiveMetric(), teacher))
                + Standing.of(s.trials(), e.objectiveMode()).summary(e.objectiveMetric()),
                "Waiting for the students and the from-scratch baseline.");
        teachers.show(e, s.trials());
    }

    /**
     * A sweep over the student's width: the distilled students' and their from-scratch twins' mean
     * objective per width, so the gap between the lines is the gain distillation brings at each
     * size, and a link to the Pareto front of the students (the compare view) when the spec has
     * several objectives. Hidden when no trial sets a width.
     */
    private void showWidths(ExperimentView e, List<TrialView> trials) {
        List<TrialView> students = StageResults.of(trials, TrialStage.STUDENT).stream().filter(t -> t.objective() != null).toList();
        List<TrialView> twins = StageResults.of(trials, TrialStage.SCRATCH).stream().filter(t -> t.objective() != null).toList();
        boolean widths = students.stream().anyMatch(t -> t.params().get(TrialConfig.WIDTH) instanceof Number);
        widthHeading.setVisible(widths);
        byWidth.setVisible(widths);
        boolean multi = e.spec() != null && e.spec().objective().multi();
        front.setVisible(multi);
        if (multi) {
            front.setText("Pareto front of the students, each with its gain over its student from scratch");
            front.setRoute(CompareView.class);
            front.setQueryParameters(CompareView.query(List.of(e.id())));
        }
        if (widths) {
            byWidth.show(Charts.lines(e.objectiveMetric() + " against width (mean over seeds and loss settings)", "width",
                    e.objectiveMetric(), List.of(meanByWidth("distilled students", students), meanByWidth("students from scratch", twins))));
        }
    }

    /** The mean objective of {@code trials} at each width (1 where a trial has none), by width. */
    static Charts.Series meanByWidth(String name, List<TrialView> trials) {
        Map<Double, List<Double>> byWidth = new TreeMap<>();
        for (TrialView t : trials) {
            byWidth.computeIfAbsent(number(t.params().get(TrialConfig.WIDTH), 1.0), k -> new ArrayList<>()).add(t.objective());
        }
        return new Charts.Series(name, byWidth.entrySet().stream()
                .map(w -> new double[] {w.getKey(), w.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)})
                .toList());
    }

    /** What the students learn from, as {@link DistillSpec#methodText} words it; a spec without a distill section distils soft targets. */
    static String methodText(ExperimentView e) {
        DistillSpec distill = e.spec() == null ? null : e.spec().distill();
        return distill == null ? "soft targets" : distill.methodText();
    }

    /** One line per value of {@code series}, points (x, objective) sorted by x. */
    static List<Charts.Series> grouped(List<TrialView> trials, String x, double xDefault, String series, double seriesDefault,
            String prefix) {
        Map<Double, TreeMap<Double, Double>> lines = new TreeMap<>();
        for (TrialView t : trials) {
            double xv = number(t.params().get(x), xDefault);
            double sv = number(t.params().get(series), seriesDefault);
            lines.computeIfAbsent(sv, k -> new TreeMap<>()).merge(xv, t.objective(), Math::max);
        }
        List<Charts.Series> out = new ArrayList<>();
        lines.forEach((sv, points) -> out.add(new Charts.Series(prefix + sv,
                points.entrySet().stream().map(p -> new double[] {p.getKey(), p.getValue()}).toList())));
        return out;
    }

    private static double number(Object v, double fallback) {
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}
