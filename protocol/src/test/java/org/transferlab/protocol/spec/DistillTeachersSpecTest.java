package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code distill.teachers}: a spec without it keeps its one teacher, listed teachers take the flat
 * fields and the students' task as defaults, and lists no mode can teach from are refused by field.
 */
class DistillTeachersSpecTest {

    private static String spec(String dataset, String targetClasses, String distill) {
        return """
                name: d
                kind: distillation
                data: {dataset: %s, targetClasses: %s, validationPerClass: 5}
                model: {type: mlp, hidden: [16]}
                distill: {teacherHidden: [32], teacherEpochs: 3, %s}
                search: {trials: 1}
                """.formatted(dataset, targetClasses, distill);
    }

    private static List<FieldError> refused(String yaml) {
        return assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(yaml)).errors();
    }

    private static List<String> fields(String yaml) {
        return refused(yaml).stream().map(FieldError::field).toList();
    }

    @Test
    void a_spec_without_teachers_has_one_teacher_of_the_students_task_from_the_flat_fields() {
        ExperimentSpec s = SpecCodec.parse(spec("mnist", "[0, 1, 2]", "teacherDropout: 0.3")).withDefaults();
        assertNull(s.distill().teachers(), "nothing listed stays unlisted");
        assertEquals(List.of(new TeacherSpec(List.of(0, 1, 2), "mnist", List.of(32), 3, 1e-3, 0.3, 0, 1.0)),
                s.distill().teacherList(s.data()));
        assertEquals(TeacherSpec.Relation.SAME, s.distill().teacherList(s.data()).get(0).relation(s.data()));
    }

    @Test
    void listed_teachers_default_to_the_flat_fields_and_relate_to_the_students_by_their_classes_and_dataset() {
        ExperimentSpec s = SpecCodec.parse(spec("mnist", "[0, 1, 2, 3]", """
                teachers: [{classes: [0, 1]}, {classes: [1, 2, 3], hidden: [8], epochs: 2, weight: 3},
                           {classes: [5, 6]}, {dataset: fashion-mnist, classes: [0, 1]}, {}]""")).withDefaults();
        List<TeacherSpec> t = s.distill().teacherList(s.data());
        assertEquals(5, t.size());
        assertEquals(new TeacherSpec(List.of(0, 1), "mnist", List.of(32), 3, 1e-3, 0.2, 0, 1.0), t.get(0));
        assertEquals(List.of(8), t.get(1).hidden());
        assertEquals(2, t.get(1).epochs());
        assertEquals(3.0, t.get(1).weight());
        assertEquals(List.of(TeacherSpec.Relation.SHARED, TeacherSpec.Relation.SHARED, TeacherSpec.Relation.DISJOINT,
                TeacherSpec.Relation.DISJOINT, TeacherSpec.Relation.SAME), t.stream().map(x -> x.relation(s.data())).toList(),
                "fashion-mnist's class 0 is not the digit 0");
        assertTrue(s.distill().listsTeachers());
    }

    @Test
    void teachers_that_cannot_read_the_transfer_set_or_have_bad_settings_are_refused_with_their_path() {
        assertEquals(List.of("distill.teachers[1].dataset"),
                fields(spec("mnist", "[0, 1, 2]", "teachers: [{classes: [0, 1]}, {dataset: iris, classes: [0, 1]}]")),
                "iris has 4 inputs, the students read 28×28 images");
        assertTrue(refused(spec("mnist", "[0, 1, 2]", "teachers: [{dataset: iris, classes: [0, 1]}]")).get(0).message()
                .contains("must read the transfer set's images"));
        assertEquals(List.of("distill.teachers[0].dataset"), fields(spec("mnist", "[0, 1, 2]", "teachers: [{dataset: nope}]")));
        assertEquals(List.of("distill.teachers[0].classes[1]"), fields(spec("mnist", "[0, 1, 2]", "teachers: [{classes: [0, 10]}]")));
        assertEquals(List.of("distill.teachers[0].classes"), fields(spec("mnist", "[0, 1, 2]", "teachers: [{classes: [4]}]")));
        assertEquals(List.of("distill.teachers[1].weight"),
                fields(spec("mnist", "[0, 1, 2]", "teachers: [{}, {classes: [5, 6], weight: 0}]")));
        assertEquals(List.of("distill.teachers[0].epochs", "distill.teachers[0].dropout"),
                fields(spec("mnist", "[0, 1, 2]", "teachers: [{epochs: 0, dropout: 1.0}]")));
        assertEquals(List.of("distill.teachers[0].hidden[0]"), fields(spec("mnist", "[0, 1, 2]", "teachers: [{hidden: [0]}]")));
        assertEquals(List.of("distill.teachers"), fields(spec("mnist", "[0, 1, 2]", "teachers: []")));
        assertEquals(List.of("distill.teachers[1]"), fields(spec("mnist", "[0, 1, 2]", "teachers: [{}, ~]")));
        assertEquals(List.of("distill.teachers"),
                fields(spec("mnist", "[0, 1, 2]", "teacherArtifact: abc, teachers: [{}]")), "a loaded teacher or listed ones");
        assertEquals(List.of("distill.hardWeight"),
                fields(spec("mnist", "[0, 1, 2]", "hardWeight: 0.0, teachers: [{classes: [5, 6]}]")),
                "with only auxiliary teachers nothing but the hard term trains the students' head");
    }

    @Test
    void an_unlabelled_transfer_set_needs_teachers_that_reach_and_link_every_student_class() {
        String unlabelled = "transferLabels: none, ";
        ExperimentSpec linked = SpecCodec.parse(spec("mnist", "[0, 1, 2, 3]",
                unlabelled + "teachers: [{classes: [0, 1, 2]}, {classes: [2, 3]}]"));
        assertEquals(2, linked.distill().teachers().size(), "classes 0-2 and 2-3 share class 2");
        List<FieldError> uncovered = refused(spec("mnist", "[0, 1, 2, 3]",
                unlabelled + "teachers: [{classes: [0, 1]}, {classes: [5, 6]}]"));
        assertEquals("distill.teachers", uncovered.get(0).field());
        assertTrue(uncovered.get(0).message().contains("classes [2, 3]"), uncovered.get(0).message());
        List<FieldError> split = refused(spec("mnist", "[0, 1, 2, 3]",
                unlabelled + "teachers: [{classes: [0, 1]}, {classes: [2, 3]}]"));
        assertEquals(List.of("distill.teachers"), split.stream().map(FieldError::field).toList());
        assertTrue(split.get(0).message().contains("share no class"), split.get(0).message());
        assertEquals(2, SpecCodec.parse(spec("mnist", "[0, 1, 2, 3]", "teachers: [{classes: [0, 1]}, {classes: [2, 3]}]"))
                .distill().teachers().size(), "with labels the hard term tells the two groups apart");
    }
}
