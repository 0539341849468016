package org.transferlab.protocol.view;

/** One recorded value of one metric of one trial at one step (epoch). */
public record MetricPoint(String trialId, int step, String name, double value, long time) {}
