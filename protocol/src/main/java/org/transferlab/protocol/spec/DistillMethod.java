package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a distilled student learns from its teacher ({@code distill.method}). Every method keeps the
 * soft-target loss on the student's outputs (Hinton et al.) and runs the same from-scratch baseline;
 * the others add what the student matches inside the networks.
 */
public enum DistillMethod {
    /** The teacher's outputs only: soft targets at T (or its argmax with {@code distill.mode: hard}). */
    SOFT_TARGETS("soft", "soft targets"),
    /**
     * FitNet hints (Romero et al. 2015): first the student up to its guided layer, through a learned
     * regressor, learns the teacher's hint layer's activations; then the whole student learns the soft targets.
     */
    FITNET("fitnet", "FitNet hints"),
    /**
     * Attention transfer (Zagoruyko and Komodakis 2017): the soft-target loss plus the distance between
     * the normalised spatial attention maps of chosen pairs of conv layers.
     */
    ATTENTION("attention", "attention transfer");

    private final String wire;
    private final String title;

    DistillMethod(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** How people name it, e.g. {@code FitNet hints}. */
    public String title() {
        return title;
    }

    @JsonCreator
    public static DistillMethod parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.wire.equals(t) || m.name().equalsIgnoreCase(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown distillation method '" + text + "', expected one of "
                        + Arrays.stream(values()).map(DistillMethod::wire).collect(Collectors.joining(", "))));
    }
}
