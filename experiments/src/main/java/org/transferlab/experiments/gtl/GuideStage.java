package org.transferlab.experiments.gtl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.GtlSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The GTL reduction, run on a worker like any trial: inputs {@code body} and {@code scout-0} …
 * {@code scout-(n-1)} (each a scout network), output role {@code guide} (the {@link GuideMatrix}
 * file) and role {@code guide-summary} (the {@link GuideSummary} JSON). Settings come from the
 * spec's {@code gtl} section: distance, normalise, and the shaping (transform, power, offset,
 * scale, sparsify). Final metrics: {@code guide_mean}, {@code guide_sparsity} (fraction of
 * body parameters with guide 0), {@code guide_above_half} and {@code guide_scouts}. Reports no
 * epochs.
 */
public final class GuideStage {

    private static final Pattern SCOUT_INPUT = Pattern.compile("scout-(\\d+)");

    private GuideStage() {}

    public static WorkResult run(WorkItem work, ExperimentSpec spec, ArtifactStore artifacts) throws IOException {
        String bodyId = work.input(ArtifactRole.BODY).orElse(null);
        if (bodyId == null) {
            throw new IllegalArgumentException("GUIDE work " + work.workId() + " names no 'body' input artifact");
        }
        Map<Integer, String> scoutIds = new TreeMap<>();
        work.inputs().forEach((role, id) -> {
            Matcher m = SCOUT_INPUT.matcher(role);
            if (m.matches()) {
                scoutIds.put(Integer.parseInt(m.group(1)), id);
            }
        });
        if (scoutIds.isEmpty()) {
            throw new IllegalArgumentException("GUIDE work " + work.workId() + " names no 'scout-<i>' input artifacts");
        }

        Map<String, INDArray> initial = GuideMatrix.bodyParameters(Checkpoints.load(artifacts, bodyId));
        List<Map<String, INDArray>> scouts = new ArrayList<>();
        for (String id : scoutIds.values()) {
            scouts.add(GuideMatrix.bodyParameters(Checkpoints.load(artifacts, id)));
        }
        GtlSpec gtl = spec.gtl();
        GuideMatrix.Shaping shaping = new GuideMatrix.Shaping(GuideMatrix.Transform.parse(gtl.transform()), gtl.power(),
                gtl.offset(), gtl.scale(), gtl.sparsify());
        GuideMatrix guide = GuideMatrix.fromScouts(initial, scouts, GuideMatrix.Distance.parse(gtl.distance()),
                GuideMatrix.Normalisation.parse(gtl.normalise()), shaping);

        Path guideFile = Files.createTempFile("tlab-guide-", ".npz");
        Path summaryFile = Files.createTempFile("tlab-guide-summary-", ".json");
        try {
            guide.save(guideFile);
            Files.write(summaryFile, GuideSummary.toJson(guide));
            String guideId = artifacts.publish(work.experimentId(), ArtifactRole.GUIDE, guideFile);
            String summaryId = artifacts.publish(work.experimentId(), ArtifactRole.GUIDE_SUMMARY, summaryFile);
            Map<String, Double> metrics = Map.of(
                    "guide_mean", guide.mean(),
                    "guide_sparsity", guide.sparsity(),
                    "guide_above_half", guide.fractionAbove(0.5),
                    "guide_scouts", (double) guide.scouts());
            return new WorkResult(metrics, Map.of(ArtifactRole.GUIDE.key(), guideId, ArtifactRole.GUIDE_SUMMARY.key(), summaryId), false);
        } finally {
            Files.deleteIfExists(guideFile);
            Files.deleteIfExists(summaryFile);
        }
    }
}
