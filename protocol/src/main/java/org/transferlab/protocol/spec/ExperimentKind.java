package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The three transfer-learning experiment plans, plus a synthetic one for tests and benchmarks. A
 * spec word ({@code kind}): specs, the API and the store spell each as its name in lower case.
 */
public enum ExperimentKind implements SpecWord {
    FINETUNE,
    GTL,
    DISTILLATION,
    SYNTHETIC;

    /** How specs, the API and the store spell it, e.g. {@code finetune}. */
    @JsonValue
    public String wire() {
        return word();
    }

    /** Reads a kind leniently: any case, {@code _} for {@code -}, surrounding blanks ignored. */
    @JsonCreator
    public static ExperimentKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(k -> k.is(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown experiment kind '" + text + "', expected one of finetune, gtl, distillation, synthetic"));
    }
}
