package org.transferlab.protocol.view;

import java.time.Instant;
import org.transferlab.protocol.spec.ExperimentSpec;

/** An experiment as the API shows it, with its progress and best result so far. */
public record ExperimentView(
        String id,
        String name,
        String kind,
        ExperimentStatus status,
        Instant createdAt,
        Instant finishedAt,
        String objectiveMetric,
        String objectiveMode,
        int trialsTotal,
        int trialsDone,
        Double bestValue,
        String bestTrialId,
        String message,
        ExperimentSpec spec) {}
