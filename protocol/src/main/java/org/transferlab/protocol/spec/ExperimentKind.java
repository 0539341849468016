package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The three transfer-learning experiment plans, plus a synthetic one for tests and benchmarks. */
public enum ExperimentKind {
    FINETUNE("finetune"),
    GTL("gtl"),
    DISTILLATION("distillation"),
    SYNTHETIC("synthetic");

    private final String wire;

    ExperimentKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ExperimentKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(k -> k.wire.equals(t) || k.name().equalsIgnoreCase(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown experiment kind '" + text + "', expected one of finetune, gtl, distillation, synthetic"));
    }
}
