package org.transferlab.protocol.spec;

import java.util.List;

/** The network shape: an MLP with the given hidden layer sizes (the body) and a softmax head. */
public record ModelSpec(String type, List<Integer> hidden, String activation, Double dropout) {

    ModelSpec withDefaults() {
        return new ModelSpec(
                type == null ? "mlp" : type,
                hidden == null ? List.of(256, 128) : List.copyOf(hidden),
                activation == null ? "relu" : activation,
                dropout == null ? 0.0 : dropout);
    }
}
