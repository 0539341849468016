package org.transferlab.orchestrator.store;

import java.util.Map;

/** One reported step of one trial, waiting in a batch to be written. */
public record StepMetrics(String trialId, int step, Map<String, Double> values, long time) {}
