package org.transferlab.experiments.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeVariantTest {

    private static final Set<String> AVX512 =
            Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");

    @Test
    void picks_the_fastest_build_the_cpu_and_class_path_both_allow() {
        assertEquals("onednn-avx512", NativeVariant.choose(AVX512, ext -> true, null).name());
        assertEquals("onednn-avx2", NativeVariant.choose(AVX2, ext -> true, null).name());
        assertEquals("onednn-avx2", NativeVariant.choose(AVX512, ext -> !ext.contains("avx512"), null).name());
        assertEquals("generic", NativeVariant.choose(Set.of("sse4_2"), ext -> ext.isEmpty(), null).name());
    }

    @Test
    void a_cpu_without_avx2_never_gets_an_avx2_build_even_when_shipped() {
        NativeVariant chosen = NativeVariant.choose(Set.of("sse4_2", "avx"), ext -> !ext.equals("-onednn"), null);
        assertEquals("generic", chosen.name());
    }

    @Test
    void an_unreadable_cpuinfo_falls_back_to_the_generic_build() {
        assertEquals("generic", NativeVariant.choose(Set.of(), ext -> ext.isEmpty() || ext.startsWith("-onednn-"), null).name());
    }

    @Test
    void an_override_wins_when_possible_and_is_refused_with_a_reason_when_not() {
        assertEquals("generic", NativeVariant.choose(AVX512, ext -> true, "generic").name());
        assertEquals("avx2", NativeVariant.choose(AVX512, ext -> true, " avx2 ").name());
        assertEquals("onednn-avx512", NativeVariant.choose(AVX512, ext -> true, "auto").name());

        NativeVariant tooNew = NativeVariant.choose(AVX2, ext -> true, "onednn-avx512");
        assertEquals("onednn-avx2", tooNew.name());
        assertTrue(tooNew.reason().contains("lacks"), tooNew.reason());

        NativeVariant missing = NativeVariant.choose(AVX512, ext -> !ext.equals("-avx512"), "avx512");
        assertEquals("onednn-avx512", missing.name());
        assertTrue(missing.reason().contains("not on the class path"), missing.reason());

        NativeVariant unknown = NativeVariant.choose(AVX2, ext -> true, "fastest");
        assertTrue(unknown.reason().contains("unknown TLAB_ND4J_VARIANT 'fastest'"), unknown.reason());
    }

    @Test
    void the_generic_and_onednn_builds_carry_onednn_and_the_plain_avx_builds_do_not() {
        assertTrue(new NativeVariant("onednn-avx2", "").onednn());
        assertTrue(!new NativeVariant("avx512", "").onednn());
        assertTrue(new NativeVariant("generic", "").onednn(), "the generic M2.1 build reports HAVE_ONEDNN");
    }
}
