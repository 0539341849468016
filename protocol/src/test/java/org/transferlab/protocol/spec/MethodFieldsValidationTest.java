package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The masked-autoencoder and distillation fields: defaults that keep old specs valid, and refusals naming the field. */
class MethodFieldsValidationTest {

    private static String pretrain(String dataset, String fields) {
        return """
                name: p
                kind: finetune
                data: {dataset: %s}
                model: {type: mlp, hidden: [16]}
                pretrain: {%s}
                """.formatted(dataset, fields);
    }

    private static String distill(String dataset, String fields, String space) {
        return """
                name: d
                kind: distillation
                data: {dataset: %s, targetClasses: [0, 1, 2], validationPerClass: 5}
                model: {type: mlp, hidden: [16]}
                distill: {%s}
                search: {trials: 2, space: {%s}}
                """.formatted(dataset, fields, space);
    }

    private static List<String> fieldsRefused(String yaml) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(yaml));
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void the_autoencoder_modes_default_their_patches_to_the_source_images_and_keep_old_specs_valid() {
        PretrainSpec mnist = SpecCodec.parse(pretrain("mnist", "mode: masked-autoencoder, maskRatio: 0.5")).pretrain();
        assertEquals(4, mnist.patchSize(), "seven 4-pixel patches a side on 28×28");
        assertEquals(-1.0, mnist.maskValue(), "below the [0, 1] pixel range, apart from the black background");
        assertEquals(1, SpecCodec.parse(pretrain("digits", "mode: masked-autoencoder")).pretrain().patchSize());
        assertEquals(1, SpecCodec.parse(pretrain("iris", "mode: masked-autoencoder")).pretrain().patchSize());
        assertTrue(SpecCodec.parse(pretrain("mnist", "mode: denoising, maskRatio: 0.3")).pretrain().autoencoder());
    }

    @Test
    void patch_sizes_beyond_the_image_and_ratios_that_hide_no_patch_are_refused_by_field() {
        assertEquals(List.of("pretrain.patchSize"), fieldsRefused(pretrain("mnist", "mode: masked-autoencoder, patchSize: 29")));
        assertEquals(List.of("pretrain.patchSize"), fieldsRefused(pretrain("mnist", "mode: masked-autoencoder, patchSize: 0")));
        assertEquals(List.of("pretrain.maskRatio"),
                fieldsRefused(pretrain("mnist", "mode: masked-autoencoder, patchSize: 28, maskRatio: 0.5")), "one patch");
        assertEquals(List.of("pretrain.mode"), fieldsRefused(pretrain("mnist", "mode: masked")));
        assertEquals(List.of("pretrain.maskValue"), fieldsRefused(pretrain("mnist", "mode: masked-autoencoder, maskValue: .nan")));
    }

    @Test
    void distillation_defaults_keep_the_published_setup() {
        DistillSpec d = SpecCodec.parse(distill("mnist", "temperature: 2.0", "")).distill();
        assertEquals(DistillSpec.SOFT, d.mode());
        assertEquals(DistillSpec.LABELLED, d.transferLabels());
        assertEquals(0, d.transferExamplesPerClass(), "every training image");
        assertEquals(0, d.teacherExamplesPerClass());
        assertEquals(0.0, d.teacherInputDropout());
        assertEquals(0, d.teacherJitter());
        DistillSpec unlabelled = SpecCodec.parse(distill("mnist", "transferLabels: none", "")).distill();
        assertEquals(0.0, unlabelled.hardWeight(), "no true labels, no hard term");
        assertEquals(1.0, unlabelled.softWeight());
    }

    @Test
    void distillation_fields_are_refused_by_path() {
        assertEquals(List.of("distill.mode"), fieldsRefused(distill("mnist", "mode: medium", "")));
        assertEquals(List.of("distill.transferLabels"), fieldsRefused(distill("mnist", "transferLabels: some", "")));
        assertEquals(List.of("distill.hardWeight"), fieldsRefused(distill("mnist", "transferLabels: none, hardWeight: 0.1", "")));
        assertEquals(List.of("search.space.hardWeight"), fieldsRefused(distill("mnist", "transferLabels: none",
                "hardWeight: {type: choice, values: [0.0, 0.5]}")));
        assertEquals(List.of("search.space.temperature"), fieldsRefused(distill("mnist", "mode: hard",
                "temperature: {type: choice, values: [1.0, 4.0]}")));
        assertEquals(List.of("distill.transferExamplesPerClass"), fieldsRefused(distill("mnist", "transferExamplesPerClass: 6000", "")));
        assertEquals(List.of("distill.teacherExamplesPerClass"), fieldsRefused(distill("mnist", "teacherExamplesPerClass: -1", "")));
        assertEquals(List.of("distill.teacherInputDropout"), fieldsRefused(distill("mnist", "teacherInputDropout: 1.0", "")));
        assertEquals(List.of("distill.teacherJitter"), fieldsRefused(distill("mnist", "teacherJitter: 8", "")));
        assertEquals(List.of("distill.teacherJitter"), fieldsRefused(distill("iris", "teacherJitter: 1", "")), "a table has no pixels");
    }

    @Test
    void a_teacher_of_another_task_is_named_by_what_differs() {
        ExperimentSpec students = SpecCodec.parse(distill("mnist", "teacherArtifact: art-1", ""));
        assertEquals(List.of(), SpecValidator.checkTeacher(students, "art-1", new SpecValidator.ClassifierTask("mnist", List.of(0, 1, 2))));
        List<FieldError> fewer = SpecValidator.checkTeacher(students, "art-1", new SpecValidator.ClassifierTask("mnist", List.of(0, 1)));
        assertEquals("distill.teacherArtifact", fewer.getFirst().field());
        assertTrue(fewer.getFirst().message().contains("2 outputs"), fewer.toString());
        String reordered = SpecValidator.checkTeacher(students, "art-1",
                new SpecValidator.ClassifierTask("mnist", List.of(2, 1, 0))).getFirst().message();
        assertTrue(reordered.contains("other classes"), reordered);
        String wine = SpecValidator.checkTeacher(students, "art-1",
                new SpecValidator.ClassifierTask("wine", List.of(0, 1, 2))).getFirst().message();
        assertTrue(wine.contains("13 inputs") && wine.contains("784"), wine);
    }
}
