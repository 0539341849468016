package org.transferlab.protocol.view;

/** Reply to a spec submission. */
public record SubmitResult(String id, String name, int plannedTrials) {}
