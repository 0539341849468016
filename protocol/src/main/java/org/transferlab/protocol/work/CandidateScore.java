package org.transferlab.protocol.work;

/**
 * How well one candidate cut point of a pretrained body suits the target task, as the
 * transferability stage measured it on the target's training data.
 *
 * @param frozenLayers the frozen depth the candidate stands for: the body's first {@code frozenLayers}
 *     layers give the features (0: the raw inputs)
 * @param cut the vertex whose output was scored ({@code input}, {@code body-1-pool}, ...)
 * @param features the width of the scored features
 * @param examples how many labelled training examples were scored
 * @param score the method's score, higher is better (LogME: log evidence per example, averaged over classes)
 */
public record CandidateScore(int frozenLayers, String cut, int features, int examples, double score) {}
