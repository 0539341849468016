package org.transferlab.dashboard.distill;

import static org.transferlab.dashboard.base.CompactGrid.column;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.transferlab.dashboard.base.CompactGrid;
import org.transferlab.protocol.spec.DataSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TeacherSpec;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * Who taught whom in a distillation: each teacher with its task (dataset and classes), how it
 * teaches the students (soft targets over their classes, over the classes it shares with them, or
 * an auxiliary head dropped after training) and its share of the soft term; and each student with
 * the teachers it read, found by the artifacts its trial consumed. A student from scratch read none.
 */
final class TeachersPanel extends VerticalLayout {

    /** One teacher as the grid shows it. */
    record TeacherRow(String name, String task, String teaches, String share, String objective) {}

    /** One student (or the student from scratch) and the teachers it read. */
    record StudentRow(String trial, String settings, String teachers, String objective) {}

    private final Grid<TeacherRow> teachers = CompactGrid.of("distill-teachers",
            column("Teacher", TeacherRow::name),
            column("Task", TeacherRow::task),
            column("Teaches the students", TeacherRow::teaches),
            column("Share of the soft term", TeacherRow::share),
            column("Objective", TeacherRow::objective));
    private final Grid<StudentRow> students = CompactGrid.of("distill-students",
            column("Student", StudentRow::trial),
            column("Loss", StudentRow::settings),
            column("Learned from", StudentRow::teachers),
            column("Objective", StudentRow::objective));

    TeachersPanel() {
        setPadding(false);
        add(new H3("Teachers"), teachers, new H3("Students and their teachers"), students);
    }

    void show(ExperimentView experiment, List<TrialView> trials) {
        ExperimentSpec spec = experiment.spec() == null ? null : experiment.spec().withDefaults();
        List<TrialView> teacherTrials = trials.stream().filter(t -> t.stage() == TrialStage.TEACHER).toList();
        Map<String, String> byArtifact = new LinkedHashMap<>();
        teacherTrials.forEach(t -> {
            String artifact = t.outputs().get(ArtifactRole.TEACHER.key());
            if (artifact != null) {
                byArtifact.put(artifact, name(t, teacherTrials.size()));
            }
        });
        teachers.setItems(teacherTrials.stream().map(t -> teacherRow(t, teacherTrials.size(), spec)).toList());
        students.setItems(trials.stream().filter(t -> t.stage() == TrialStage.STUDENT || t.stage() == TrialStage.SCRATCH)
                .map(t -> studentRow(t, byArtifact)).toList());
    }

    private static String name(TrialView teacher, int teachers) {
        return teachers == 1 ? "teacher" : "teacher " + index(teacher);
    }

    private static int index(TrialView teacher) {
        return teacher.params().get(TrialConfig.TEACHER) instanceof Number n ? n.intValue() : 0;
    }

    private static TeacherRow teacherRow(TrialView t, int count, ExperimentSpec spec) {
        String objective = t.objective() == null ? "" : String.format(Locale.ROOT, "%.4f", t.objective());
        if (spec == null || spec.distill() == null) {
            return new TeacherRow(name(t, count), "the students' task", "soft targets over the students' classes", "100%", objective);
        }
        DataSpec data = spec.data();
        List<TeacherSpec> listed = spec.distill().teacherList(data);
        TeacherSpec teacher = listed.get(Math.min(index(t), listed.size() - 1));
        double total = listed.stream().mapToDouble(TeacherSpec::weight).sum();
        String teaches = switch (teacher.relation(data)) {
            case SAME -> "soft targets over the students' classes";
            case SHARED -> "soft targets over the classes it shares with them, "
                    + teacher.classes().stream().filter(data.targetClasses()::contains).toList();
            case DISJOINT -> "an auxiliary head, dropped after training";
        };
        return new TeacherRow(name(t, count), teacher.dataset() + " classes " + teacher.classes(), teaches,
                String.format(Locale.ROOT, "%.0f%%", 100 * teacher.weight() / total), objective);
    }

    private static StudentRow studentRow(TrialView t, Map<String, String> teachersByArtifact) {
        List<String> read = new ArrayList<>();
        t.inputs().forEach((key, artifact) -> {
            if (ArtifactRole.ofKey(key).orElse(null) == ArtifactRole.TEACHER) {
                read.add(teachersByArtifact.getOrDefault(artifact, "teacher artifact " + artifact));
            }
        });
        read.sort(null);
        String settings = t.params().entrySet().stream()
                .filter(e -> List.of("temperature", "softWeight", "hardWeight").contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", "));
        String objective = t.objective() == null ? "" : String.format(Locale.ROOT, "%.4f", t.objective());
        return new StudentRow("#" + t.number() + " " + t.stage().wire(), t.stage() == TrialStage.SCRATCH ? "labels only" : settings,
                read.isEmpty() ? "none (from scratch)" : String.join(", ", read), objective);
    }
}
