package org.transferlab.protocol.spec;

/** The metric a sweep optimises and its direction ({@code max} or {@code min}). */
public record ObjectiveSpec(String metric, String mode) {

    ObjectiveSpec withDefaults() {
        return new ObjectiveSpec(metric == null ? "val_accuracy" : metric, mode == null ? "max" : mode);
    }

    public boolean maximise() {
        return !"min".equals(mode);
    }

    /** True when {@code candidate} is better than {@code incumbent} under this objective. */
    public boolean better(double candidate, double incumbent) {
        return maximise() ? candidate > incumbent : candidate < incumbent;
    }
}
