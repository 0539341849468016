package org.transferlab.experiments.transferability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.experiments.StageFixtures;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** The worker's transferability stage on a body pretrained on digits 0-4, scoring digits 5-9. */
class TransferabilityStageTest {

    static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: scoring
            seed: 5
            data: {dataset: digits, sourceExamplesPerClass: 40, examplesPerClass: 10, validationPerClass: 20}
            model: {type: mlp, hidden: [16, 8], activation: relu}
            pretrain: {epochs: 3, batchSize: 20, learningRate: 1.0e-2}
            transferability: {method: logme}
            search: {space: {frozenLayers: {type: choice, values: [0, 1, 2]}}}
            """).withDefaults();

    @TempDir
    static Path dir;
    static DirectoryArtifactStore artifacts;
    static Dataset digits;
    static String body;

    @BeforeAll
    static void pretrainABody() throws Exception {
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        digits = new DatasetRegistry(dir.resolve("nothing-fetched")).get("digits");
        WorkItem pretrain = WorkItems.work("w-pretrain", "exp", "t0", StageKind.PRETRAIN, SPEC, Map.of(), Map.of(), null);
        body = new PretrainStage(pretrain, SPEC, digits, artifacts).run(new StageFixtures.Recorder()).artifacts().get(ArtifactRole.BODY.key());
    }

    private static WorkResult score(ExperimentSpec spec, Dataset dataset, long seed) throws Exception {
        WorkItem work = WorkItems.work("w-score", "exp", "t1", StageKind.TRANSFERABILITY, spec, Map.of(),
                Map.of(ArtifactRole.BODY.key(), body), null, seed);
        return TransferabilityStage.run(work, spec, dataset, artifacts);
    }

    @Test
    void every_candidate_depth_is_scored_at_its_cut_on_k_training_examples_per_target_class() throws Exception {
        WorkResult result = score(SPEC, digits, 7);
        assertEquals(Map.of(), result.artifacts(), "nothing is published");
        List<CandidateScore> scores = result.transferability();
        assertEquals(List.of(0, 1, 2), scores.stream().map(CandidateScore::frozenLayers).toList());
        assertEquals(List.of(64, 16, 8), scores.stream().map(CandidateScore::features).toList(), "8x8 inputs, then the two dense layers");
        assertEquals("input", scores.get(0).cut());
        assertTrue(scores.get(1).cut().startsWith("body-0") && scores.get(2).cut().startsWith("body-1"), scores.toString());
        assertTrue(scores.stream().allMatch(s -> s.examples() == 50 && Double.isFinite(s.score())), scores.toString());
    }

    @Test
    void the_test_split_never_enters_the_scores_and_the_same_seed_gives_the_same_scores() throws Exception {
        List<CandidateScore> clean = score(SPEC, digits, 7).transferability();
        assertEquals(clean, score(SPEC, StageFixtures.withPoisonedTest(digits), 7).transferability());
        List<CandidateScore> otherSample = score(SPEC, digits, 8).transferability();
        assertTrue(!clean.equals(otherSample), "another seed draws another sample");
    }

    @Test
    void a_depth_beyond_the_body_fails_naming_it() {
        ExperimentSpec tooDeep = SpecCodec.parse("""
                name: scoring
                seed: 5
                data: {dataset: digits, sourceExamplesPerClass: 40, examplesPerClass: 10, validationPerClass: 20}
                model: {type: mlp, hidden: [16, 8, 4], activation: relu}
                transferability: {method: logme}
                search: {space: {frozenLayers: {type: choice, values: [3]}}}
                """).withDefaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> score(tooDeep, digits, 7));
        assertTrue(e.getMessage().contains("candidate frozenLayers 3 is outside the body's 0..2 layers"), e.getMessage());
    }

    @Test
    void work_without_a_body_input_or_pretrain_artifact_fails_naming_what_is_missing() {
        WorkItem work = WorkItems.work("w-bodiless", "exp", "t1", StageKind.TRANSFERABILITY, SPEC, Map.of(), Map.of(), null, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransferabilityStage.run(work, SPEC, digits, artifacts));
        assertEquals("TRANSFERABILITY work w-bodiless names no 'body' input artifact and the spec no pretrain.artifact",
                e.getMessage());
    }
}
