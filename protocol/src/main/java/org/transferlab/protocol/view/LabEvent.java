package org.transferlab.protocol.view;

import java.util.Map;

/**
 * A state change, recorded and streamed over server-sent events. Types: {@code experiment.started},
 * {@code experiment.completed}, {@code experiment.failed}, {@code experiment.cancelled},
 * {@code experiment.paused}, {@code experiment.resumed}, {@code experiment.restored},
 * {@code experiment.limit} (a limit such as the wall-clock budget was hit), {@code stage.completed},
 * {@code trial.queued}, {@code trial.started}, {@code trial.metrics}, {@code trial.decision} (a stop
 * decision or request, with its reason), {@code trial.completed}, {@code trial.stopped},
 * {@code trial.failed}, {@code trial.retried}, {@code trial.requeued}, {@code trial.paused},
 * {@code trial.resumed}, {@code trial.cancelled}. {@code epoch} and {@code metrics} are set on
 * {@code trial.metrics}.
 */
public record LabEvent(
        long seq,
        String experimentId,
        String trialId,
        String type,
        long time,
        String message,
        Integer epoch,
        Map<String, Double> metrics) {

    public boolean endsExperiment() {
        return type.equals("experiment.completed") || type.equals("experiment.failed")
                || type.equals("experiment.cancelled");
    }
}
