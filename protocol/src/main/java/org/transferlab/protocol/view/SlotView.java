package org.transferlab.protocol.view;

/** One worker slot as the cluster view shows it. */
public record SlotView(String slotId, String node, String device, String state, String trialId) {}
