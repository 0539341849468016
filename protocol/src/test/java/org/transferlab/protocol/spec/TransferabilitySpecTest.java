package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/** The {@code transferability} section: off unless written, its defaults, its checks, its candidates and the pruning rule. */
class TransferabilitySpecTest {

    private static final String LENET = "name: t\nmodel: {type: lenet}\n";

    @Test
    void a_spec_without_the_section_has_it_off_and_a_written_section_defaults_to_logme_on_the_k_shot_size() {
        assertFalse(SpecCodec.parse("name: t\n").withDefaults().transferability().enabled());
        TransferabilitySpec t = SpecCodec.parse("name: t\ndata: {examplesPerClass: 7}\ntransferability: {}\n").withDefaults().transferability();
        assertTrue(t.enabled());
        assertEquals("logme", t.method());
        assertEquals(7, t.examplesPerClass());
        assertEquals(null, t.prune());
    }

    @Test
    void the_candidates_are_the_whole_frozen_depths_of_the_space_or_the_trains_one() {
        assertEquals(List.of(0, 1, 3), TransferabilitySpec.candidates(SpecCodec.parse(LENET
                + "search: {space: {frozenLayers: {type: choice, values: [3, 0, 1, 3]}}}\n").withDefaults()));
        assertEquals(List.of(1, 2, 3), TransferabilitySpec.candidates(SpecCodec.parse(LENET
                + "search: {space: {frozenLayers: {type: int, min: 1, max: 3}}}\n").withDefaults()));
        assertEquals(List.of(2), TransferabilitySpec.candidates(SpecCodec.parse(LENET + "train: {frozenLayers: 2}\n").withDefaults()));
    }

    @Test
    void the_stage_resolves_its_candidates_sample_size_and_method_into_the_trial_config() {
        var spec = SpecCodec.parse(LENET + "data: {examplesPerClass: 4}\ntransferability: {examplesPerClass: 20}\n"
                + "search: {space: {frozenLayers: {type: choice, values: [0, 2]}}}\n");
        TrialConfig config = TrialConfig.resolve(spec, TrialStage.TRANSFERABILITY, Map.of(), 9);
        assertEquals(new TrialConfig.Transferability("logme", List.of(0, 2)), config.transferability());
        assertEquals(20, config.examplesPerClass());
        assertEquals(0, config.epochs(), "it trains nothing");
        assertEquals(null, TrialConfig.resolve(spec, TrialStage.FINETUNE, Map.of(), 9).transferability());
    }

    @Test
    void bad_settings_are_refused_with_their_field_paths() {
        assertEquals(List.of("transferability"), fields("name: t\nkind: distillation\ntransferability: {method: logme}\n"));
        assertEquals(List.of("transferability.method"), fields("name: t\ntransferability: {method: leap}\n"));
        assertEquals(List.of("transferability.examplesPerClass"), fields("name: t\ntransferability: {examplesPerClass: 0}\n"));
        assertEquals(List.of("transferability.prune.keep"), fields("name: t\ntransferability: {prune: {keep: 0}}\n"));
        assertEquals(List.of("transferability.prune.margin"), fields("name: t\ntransferability: {prune: {margin: -1}}\n"));
        assertEquals(List.of("transferability.prune"), fields("name: t\ntransferability: {prune: {}}\n"));
        assertEquals(List.of("transferability.prune.top"), fields("name: t\ntransferability: {prune: {top: 2}}\n"));
    }

    @Test
    void pruning_keeps_the_best_n_and_those_within_the_margin_and_always_the_best() {
        List<CandidateScore> scores = List.of(new CandidateScore(0, "input", 784, 25, -1.0),
                new CandidateScore(1, "body-0", 64, 25, -0.2), new CandidateScore(2, "body-1", 32, 25, -0.5),
                new CandidateScore(3, "body-2", 16, 25, Double.NaN));
        List<TransferabilityView.Candidate> none = TransferabilityView.rank(scores, null);
        assertEquals(List.of(1, 2, 0, 3), none.stream().map(TransferabilityView.Candidate::frozenLayers).toList(), "best first, NaN last");
        assertTrue(none.stream().noneMatch(TransferabilityView.Candidate::pruned));
        assertEquals(List.of(1, 2), kept(scores, new TransferabilitySpec.Prune(2, null)));
        assertEquals(List.of(1, 2), kept(scores, new TransferabilitySpec.Prune(null, 0.5)));
        assertEquals(List.of(1), kept(scores, new TransferabilitySpec.Prune(3, 0.1)));
        assertEquals(List.of(1), kept(scores, new TransferabilitySpec.Prune(null, 0.0)));
    }

    private static List<Integer> kept(List<CandidateScore> scores, TransferabilitySpec.Prune prune) {
        return new TransferabilityView("logme", null, null, TransferabilityView.rank(scores, prune)).kept();
    }

    private static List<String> fields(String yaml) {
        return assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(yaml)).errors().stream().map(FieldError::field).toList();
    }
}
