package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Attention transfer ({@code distill.attention}, read with {@code distill.method: attention}), after
 * Zagoruyko and Komodakis, "Paying More Attention to Attention" (ICLR 2017). For each pair, the
 * student's layer and the teacher's layer must output maps of the same height and width; their
 * attention maps Q = Σ_c |A_c|^{@code power}, flattened and L2-normalised, are pulled together with
 * weight {@code beta} (the paper's β = 1000) on top of the soft-target loss.
 *
 * @param pairs student layer ↔ teacher layer, named as in {@code model.layers} and {@code distill.teacherModel.layers}
 */
public record AttentionSpec(List<Pair> pairs, Double beta, Double power) {

    /** One student layer matched to one teacher layer. */
    public record Pair(String student, String teacher) {}

    AttentionSpec withDefaults() {
        return new AttentionSpec(pairs == null ? List.of() : SpecLists.copy(pairs), beta == null ? 1000.0 : beta,
                power == null ? 2.0 : power);
    }
}
