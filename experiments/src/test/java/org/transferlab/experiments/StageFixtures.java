package org.transferlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.LabeledExamples;
import org.transferlab.experiments.distill.StudentStage;
import org.transferlab.experiments.distill.TeacherStage;
import org.transferlab.experiments.gtl.ScoutStage;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.experiments.transfer.FineTuneStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;

/**
 * Every training stage on the bundled digits (8×8), small enough to run each a few times in a
 * test: one spec that carries the sections all of them read, and the stage built for a given
 * dataset and trial seed.
 */
public final class StageFixtures {

    /** One spec for all stages: fine-tune 5-9 at k = 10, source 0-4, two-class scouts, a small teacher. */
    public static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: splits
            kind: gtl
            seed: 5
            data: {dataset: digits, sourceExamplesPerClass: 40, examplesPerClass: 10, validationPerClass: 20}
            model: {type: mlp, hidden: [16], activation: relu}
            pretrain: {epochs: 2, batchSize: 20, learningRate: 1.0e-2}
            train: {epochs: 3, batchSize: 8, learningRate: 1.0e-2, frozenLayers: 0, checkpointEvery: 0}
            gtl: {scouts: 2, classesPerScout: 2, examplesPerClass: 8, scoutEpochs: 2, scoutLearningRate: 1.0e-2,
                  scoutData: source}
            distill: {teacherHidden: [24], teacherEpochs: 2, teacherLearningRate: 1.0e-2, teacherDropout: 0.0}
            """).withDefaults();

    /** The stages that train a network from a trial seed. */
    public static final List<StageKind> TRAINING_STAGES =
            List.of(StageKind.PRETRAIN, StageKind.FINETUNE, StageKind.SCOUT, StageKind.TEACHER, StageKind.STUDENT);

    private StageFixtures() {}

    /** The work a slot would get for {@code kind} with trial seed {@code seed}; fine-tunes and scouts read {@code body}. */
    public static WorkItem work(StageKind kind, long seed, String body) {
        // teacher and student train on every training image unless told a number per class
        Map<String, Object> params = kind == StageKind.SCOUT ? Map.of("scout", 1)
                : kind == StageKind.STUDENT || kind == StageKind.TEACHER ? Map.of("examplesPerClass", 20) : Map.of();
        Map<String, String> inputs = kind == StageKind.FINETUNE || kind == StageKind.SCOUT
                ? Map.of(ArtifactRole.BODY.key(), body) : Map.of();
        return WorkItems.work("w-" + kind + "-" + seed, "exp", "t", kind, SPEC, params, inputs, null, seed);
    }

    public static TrainingStage stage(WorkItem work, Dataset dataset, ArtifactStore artifacts) throws Exception {
        return switch (work.stage()) {
            case PRETRAIN -> new PretrainStage(work, SPEC, dataset, artifacts);
            case FINETUNE, SCRATCH_FINETUNE -> new FineTuneStage(work, SPEC, dataset, artifacts);
            case SCOUT -> new ScoutStage(work, SPEC, dataset, artifacts);
            case TEACHER -> new TeacherStage(work, SPEC, dataset, artifacts);
            case STUDENT -> new StudentStage(work, SPEC, dataset, artifacts);
            default -> throw new IllegalArgumentException(work.stage() + " does not train");
        };
    }

    /** The same dataset with its test part replaced by examples nothing could learn from: every label shifted, every feature inverted. */
    public static Dataset withPoisonedTest(Dataset clean) {
        int classes = clean.info().classes();
        LabeledExamples test = clean.test();
        LabeledExamples poisoned = new LabeledExamples() {
            @Override
            public int size() {
                return test.size();
            }

            @Override
            public int label(int index) {
                return (test.label(index) + 1) % classes;
            }

            @Override
            public int featuresPerExample() {
                return test.featuresPerExample();
            }

            @Override
            public void copyFeatures(int index, float[] target, int offset) {
                test.copyFeatures(index, target, offset);
                for (int i = offset; i < offset + featuresPerExample(); i++) {
                    target[i] = -target[i] + 1f;
                }
            }

            @Override
            public String source() {
                return "poisoned " + test.source();
            }
        };
        return new Dataset(clean.name(), clean.info(), clean.train(), poisoned, clean.bundledSubset(), clean.origin());
    }

    /** Records every epoch's metrics as reported. */
    public static final class Recorder implements ProgressListener {
        public final List<Map<String, Double>> epochs = new ArrayList<>();

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            epochs.add(Map.copyOf(metrics));
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }
}
