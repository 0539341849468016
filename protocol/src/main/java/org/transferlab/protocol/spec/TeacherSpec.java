package org.transferlab.protocol.spec;

import java.util.List;

/**
 * One teacher of a distillation with several ({@code distill.teachers}): an MLP trained on its own
 * task, {@code classes} of {@code dataset}, whose soft targets the students learn from.
 *
 * <p>How a teacher teaches depends on how its task relates to the students' ({@link #relation}):
 * a teacher of the students' own classes (same dataset, same classes in the same order) gives
 * ordinary soft targets; one that shares some classes with them teaches the students' distribution
 * restricted to the shared classes; one that shares none (other classes, or another dataset) teaches
 * an auxiliary head of the students that is dropped after training. Fields left out take the
 * single-teacher fields of {@code distill:} ({@code teacherHidden}, ...) and the students' data
 * ({@code data.dataset}, {@code data.targetClasses}); {@code weight} (default 1) is the teacher's
 * share of the soft term, normalised over the teachers.
 */
public record TeacherSpec(
        List<Integer> classes,
        String dataset,
        List<Integer> hidden,
        Integer epochs,
        Double learningRate,
        Double dropout,
        Integer examplesPerClass,
        Double weight) {

    /** How a teacher's task relates to the students'. */
    public enum Relation {
        /** The students' dataset and classes, in the same order: plain soft targets. */
        SAME,
        /** The students' dataset and some of their classes: soft targets over the shared classes. */
        SHARED,
        /** No class of the students (other classes or another dataset): an auxiliary head. */
        DISJOINT
    }

    TeacherSpec withDefaults(DistillSpec distill, DataSpec data) {
        return new TeacherSpec(
                classes == null ? data.targetClasses() : SpecLists.copy(classes),
                dataset == null ? data.dataset() : dataset,
                hidden == null ? distill.teacherHidden() : SpecLists.copy(hidden),
                epochs == null ? distill.teacherEpochs() : epochs,
                learningRate == null ? distill.teacherLearningRate() : learningRate,
                dropout == null ? distill.teacherDropout() : dropout,
                examplesPerClass == null ? distill.teacherExamplesPerClass() : examplesPerClass,
                weight == null ? 1.0 : weight);
    }

    /** How this (defaulted) teacher relates to students of {@code data} (defaulted). */
    public Relation relation(DataSpec data) {
        if (!data.dataset().equals(dataset) || classes.stream().noneMatch(data.targetClasses()::contains)) {
            return Relation.DISJOINT;
        }
        return classes.equals(data.targetClasses()) ? Relation.SAME : Relation.SHARED;
    }
}
