package org.transferlab.experiments.data;

/**
 * A subset of a dataset part seen as a part of its own: the rows listed, in that order, with the
 * base part's labels and normalised features. Lets the samplers draw from what remains of the
 * training part once validation is carved out, without copying any example.
 */
final class ExampleRows implements LabeledExamples {

    private final LabeledExamples base;
    private final int[] rows;
    private final String source;

    ExampleRows(LabeledExamples base, int[] rows, String source) {
        this.base = base;
        this.rows = rows.clone();
        this.source = source;
    }

    /** The base part's row behind example {@code index}. */
    int row(int index) {
        return rows[index];
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public int label(int index) {
        return base.label(rows[index]);
    }

    @Override
    public int featuresPerExample() {
        return base.featuresPerExample();
    }

    @Override
    public void copyFeatures(int index, float[] target, int offset) {
        base.copyFeatures(rows[index], target, offset);
    }

    @Override
    public String source() {
        return source;
    }
}
