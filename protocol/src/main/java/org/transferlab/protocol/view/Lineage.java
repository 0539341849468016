package org.transferlab.protocol.view;

import java.util.List;
import java.util.Map;

/**
 * The population of a population-based training sweep: each trial's ancestry and its
 * hyperparameters over time, built from its proposal and its recorded {@link Exploit}s.
 *
 * @param exploits every exploit, in the order they happened
 * @param trials each sweep trial in number order
 */
public record Lineage(String experimentId, List<Exploit> exploits, List<Member> trials) {

    public Lineage {
        exploits = List.copyOf(exploits);
        trials = List.copyOf(trials);
    }

    /**
     * One trial: its hyperparameters from epoch 1 (what the search proposed), then from each
     * exploit's next epoch on, and the trials whose weights it inherited, in order.
     */
    public record Member(String trialId, int number, TrialStatus status, List<Segment> schedule) {
        public Member {
            schedule = List.copyOf(schedule);
        }

        /** The trials this one took weights from, oldest first (one entry per exploit). */
        public List<String> ancestors() {
            return schedule.stream().map(Segment::donorTrialId).filter(java.util.Objects::nonNull).toList();
        }
    }

    /**
     * The hyperparameters a trial trained with from epoch {@code fromEpoch} on; {@code donorTrialId}
     * and {@code donorEpoch} say whose weights it continued from (null for the trial's own start).
     */
    public record Segment(int fromEpoch, String donorTrialId, Integer donorEpoch, Map<String, Object> params) {
        public Segment {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /** Builds the lineage from the sweep's trials and its exploits (in the order they happened). */
    public static Lineage of(String experimentId, List<TrialView> sweep, List<Exploit> exploits) {
        List<Member> members = new java.util.ArrayList<>();
        for (TrialView t : sweep) {
            List<Segment> schedule = new java.util.ArrayList<>();
            schedule.add(new Segment(1, null, null, t.params()));
            for (Exploit e : exploits) {
                if (e.trialId().equals(t.id())) {
                    schedule.add(new Segment(e.donorEpoch() + 1, e.donorTrialId(), e.donorEpoch(), e.params()));
                }
            }
            members.add(new Member(t.id(), t.number(), t.status(), schedule));
        }
        return new Lineage(experimentId, exploits, members);
    }
}
