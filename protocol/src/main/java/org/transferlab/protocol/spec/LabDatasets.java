package org.transferlab.protocol.spec;

import java.util.Map;

/**
 * The bundled datasets as one lab's workers will read them, where that differs from the full sets
 * of {@link Datasets#KNOWN}: a lab without the fetched MNIST files trains on the bundled
 * 1,000-image subset, whose classes hold 100 training images, so a spec written for the full set
 * (the fine-tune demo pretrains on 5,000 per class) would be accepted and then fail when its trial
 * runs. {@link SpecValidator} checks every example count against these facts instead, and appends
 * the dataset's {@link Held#explanation} to the error, so that the refusal at submission says why
 * the lab has fewer examples and how to get the full set.
 *
 * <p>Only counts change: shapes and classes stay those of {@link Datasets#KNOWN}. The orchestrator
 * builds this from what it finds on disk; {@link #FULL} (every dataset as in {@code KNOWN}) is what
 * validation assumes where nobody knows what the workers hold.
 *
 * @param held the datasets this lab holds otherwise than in full, by name
 */
public record LabDatasets(Map<String, Held> held) {

    /** The full datasets of {@link Datasets#KNOWN}: a lab whose disk nobody looked at. */
    public static final LabDatasets FULL = new LabDatasets(Map.of());

    /**
     * One dataset as the lab holds it.
     *
     * @param info its facts as held (the smallest class's training and test examples counted there)
     * @param explanation what the lab holds and how to get the full set, appended to a count's error
     */
    public record Held(Datasets.Info info, String explanation) {}

    public LabDatasets {
        held = Map.copyOf(held);
    }

    /** The facts a count of dataset {@code name} is checked against: the lab's own source, as held here, else the full set's. */
    Datasets.Info info(DataSpec data, String name) {
        Held h = data.source(name) == null && name != null ? held.get(name) : null;
        return h != null ? h.info() : data.info(name);
    }

    /** {@code ", on this lab: …"} for a dataset held otherwise than in full, to follow a count's error; else empty. */
    String explain(DataSpec data, String name) {
        Held h = data.source(name) == null && name != null ? held.get(name) : null;
        return h == null ? "" : " on this lab: " + h.explanation();
    }
}
