package org.transferlab.protocol.view;

import java.util.List;

/** A worker node: its slots, how many run a trial, and the devices it offers. */
public record WorkerView(String node, int slots, int running, List<String> devices, Double utilisation) {}
