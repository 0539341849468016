package org.transferlab.lab.client;

import java.util.Map;
import java.util.TreeMap;
import org.transferlab.protocol.view.Lineage;

/**
 * A population-based training sweep's lineage for the terminal: one row per stretch of a trial's
 * training, from the epoch it began, whose weights it continued from (the trial's own start, or a
 * donor and the donor's epoch), and the hyperparameters it trained with. Shown by {@code tlab show}.
 */
final class LineageTable {

    private LineageTable() {}

    static String render(Lineage lineage) {
        TextTable table = new TextTable("trial", "from epoch", "weights", "hyperparameters");
        for (Lineage.Member m : lineage.trials()) {
            for (Lineage.Segment s : m.schedule()) {
                table.row(m.number(), s.fromEpoch(),
                        s.donorTrialId() == null ? "own start" : "trial " + number(lineage, s.donorTrialId()) + " @ epoch " + s.donorEpoch(),
                        show(s.params()));
            }
        }
        return "population-based training: " + lineage.exploits().size() + " exploit(s)\n" + table.render();
    }

    private static String number(Lineage lineage, String trialId) {
        return lineage.trials().stream().filter(m -> m.trialId().equals(trialId)).findFirst()
                .map(m -> Integer.toString(m.number())).orElse(trialId);
    }

    private static String show(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(TextTable.param(v)));
        return sb.toString();
    }
}
