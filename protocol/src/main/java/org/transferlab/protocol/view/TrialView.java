package org.transferlab.protocol.view;

import java.time.Instant;
import java.util.Map;

/**
 * A trial as the API shows it. {@code stage} is {@code pretrain} for the shared pretraining stage
 * and {@code finetune} for sweep trials; {@code lastMetrics} are the latest epoch's values.
 */
public record TrialView(
        String id,
        String experimentId,
        int number,
        String stage,
        TrialStatus status,
        Map<String, Object> params,
        String slot,
        int epochs,
        Map<String, Double> lastMetrics,
        Double objective,
        Instant startedAt,
        Instant finishedAt,
        String message) {}
