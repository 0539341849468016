package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tlab show} says which method a distillation experiment's students learn by, read from the
 * accepted spec through a real standalone lab; a spec naming a layer the student lacks is refused
 * over HTTP with the field path.
 */
class DistillMethodShowLabTest {

    private static final String SPEC = """
            name: kd-show
            kind: distillation
            data: {dataset: mnist, targetClasses: [0, 1], validationPerClass: 10}
            model:
              layers:
                - {name: conv1, type: conv, filters: 2, kernel: 5, activation: relu}
                - {name: pool1, type: pool}
                - {name: fc, type: dense, units: 8, activation: relu}
            train: {epochs: 1, batchSize: 20}
            distill:
              method: fitnet
              teacherEpochs: 1
              transferExamplesPerClass: 20
              teacherExamplesPerClass: 20
              teacherModel:
                layers:
                  - {name: t1, type: conv, filters: 4, kernel: 5, activation: relu}
                  - {name: tp1, type: pool}
                  - {name: tfc, type: dense, units: 16, activation: relu}
              fitnet: {hintLayer: %s, guidedLayer: conv1, epochs: 1}
            """;

    @RegisterExtension
    static final StandaloneLab lab = StandaloneLab.withSlots(1);

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Tlab.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void show_names_the_students_method_and_its_layers() throws Exception {
        Path spec = lab.dataDir().resolve("kd-show.yaml");
        Files.writeString(spec, SPEC.formatted("t1"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "submit", spec.toString(), "--api", lab.apiUrl(), "--token", lab.token()),
                out + "\n" + err);
        String id = out.toString().lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow().split(" ")[1];
        StringWriter shown = new StringWriter();
        assertEquals(0, run(shown, new StringWriter(), "show", id, "--api", lab.apiUrl()));
        assertTrue(shown.toString().contains("\nstudents learn by: FitNet hints (teacher layer t1 ← student layer conv1 through a "
                + "regressor, 1 epoch), then soft targets\n"), shown.toString());
        run(new StringWriter(), new StringWriter(), "cancel", id, "--api", lab.apiUrl(), "--token", lab.token());
    }

    @Test
    void a_hint_layer_the_teacher_lacks_is_refused_at_submission_with_its_field_path() throws Exception {
        Path spec = lab.dataDir().resolve("kd-bad.yaml");
        Files.writeString(spec, SPEC.formatted("conv9"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "submit", spec.toString(), "--api", lab.apiUrl(), "--token", lab.token());
        String said = out + "\n" + err;
        assertTrue(rc != 0, said);
        assertTrue(said.contains("distill.fitnet.hintLayer") && said.contains("'conv9'") && said.contains("[t1, tp1, tfc]"), said);
    }
}
