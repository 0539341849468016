package org.transferlab.experiments.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which build of ND4J's CPU library ({@code libnd4jcpu}) loads, from the CPU's
 * instruction-set flags, and turns on DL4J's layer helpers (oneDNN convolution, pooling, batch norm).
 *
 * <p>Why: {@code nd4j-native} 1.0.0-M2.1 ships one generic x86-64 build plus builds for AVX2 and
 * AVX-512, with and without oneDNN, as Maven classifiers. JavaCPP picks among them only by the
 * system property {@code org.bytedeco.javacpp.platform.extension}, read once when ND4J loads, and
 * DL4J 1.0.0-M2.1 creates its convolution, pooling and batch-norm helpers only when the property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} (its default is {@code true}).
 * DL4J also looks for libnd4j's oneDNN switch under a class name that moved in that release; the
 * bridge {@code org.nd4j.nativeblas.Nd4jCpu} answers it. Measured in docs/BENCHMARKS.md.
 *
 * <p>Guarantees: {@link #apply()} must run before the first ND4J class loads (the workers call it
 * when they start their slots; bench mains and test JVMs call it first); later calls return the
 * first choice without choosing again. It only ever selects a build whose library is on the class path
 * and whose instruction sets the CPU reports, so a machine without AVX2, or a jar built without
 * the extra classifiers, gets the generic build. {@code TLAB_ND4J_VARIANT} (or the system property
 * {@code tlab.nd4j.variant}) overrides the choice: {@code generic}, {@code avx2}, {@code avx512},
 * {@code onednn}, {@code onednn-avx2}, {@code onednn-avx512} or {@code auto}; an override the CPU
 * or the class path cannot honour is refused with a warning and the automatic choice is used.
 * A JavaCPP extension set by hand ({@code -Dorg.bytedeco.javacpp.platform.extension}) is left
 * alone. On other platforms than linux-x86_64, and with the CUDA backend, nothing is changed.
 */
public record NativeVariant(String name, String reason) {

    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    public static final String OVERRIDE_PROPERTY = "tlab.nd4j.variant";
    public static final String OVERRIDE_ENV = "TLAB_ND4J_VARIANT";

    private static final Logger log = LoggerFactory.getLogger(NativeVariant.class);
    private static final String LIBRARY_DIR = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64";

    /**
     * Every build this selector knows, preferred first, with the CPU flags each one needs and
     * whether libnd4j reports {@code HAVE_ONEDNN} in it (read from each jar's {@code buildInfo()}:
     * the generic and {@code onednn*} builds have oneDNN, the plain {@code avx2}/{@code avx512}
     * ones do not). The jar ships the generic and the two oneDNN builds with AVX2 and AVX-512.
     */
    enum Build {
        ONEDNN_AVX512("onednn-avx512", true, "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"),
        ONEDNN_AVX2("onednn-avx2", true, "avx2", "fma"),
        AVX512("avx512", false, "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"),
        AVX2("avx2", false, "avx2", "fma"),
        ONEDNN("onednn", true),
        GENERIC("generic", true);

        final String name;
        final boolean onednn;
        final List<String> flags;

        Build(String name, boolean onednn, String... flags) {
            this.name = name;
            this.onednn = onednn;
            this.flags = List.of(flags);
        }

        /** The JavaCPP platform extension ("" for the generic build). */
        String extension() {
            return this == GENERIC ? "" : "-" + name;
        }

        static Build named(String name) {
            return Arrays.stream(values()).filter(b -> b.name.equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * The pure choice: the override when the CPU and class path allow it, else the fastest build
     * both allow. {@code available} answers whether a build's library is on the class path.
     */
    static NativeVariant choose(Set<String> cpuFlags, Predicate<String> available, String override) {
        String refused = null;
        if (override != null && !override.isBlank() && !"auto".equals(override.trim())) {
            Build wanted = Build.named(override.trim().toLowerCase(Locale.ROOT));
            if (wanted == null) {
                refused = "unknown " + OVERRIDE_ENV + " '" + override + "' (known: auto, "
                        + Arrays.stream(Build.values()).map(b -> b.name).collect(Collectors.joining(", ")) + ")";
            } else if (!cpuFlags.containsAll(wanted.flags)) {
                refused = OVERRIDE_ENV + "=" + wanted.name + " needs CPU flags " + wanted.flags + " this CPU lacks";
            } else if (!available.test(wanted.extension())) {
                refused = OVERRIDE_ENV + "=" + wanted.name + " is not on the class path (build the jar with its classifier)";
            } else {
                return new NativeVariant(wanted.name, "chosen by " + OVERRIDE_ENV);
            }
        }
        for (Build build : Build.values()) {
            if (cpuFlags.containsAll(build.flags) && available.test(build.extension())) {
                String why = build.flags.isEmpty() ? "no faster build fits this CPU and class path"
                        : "CPU has " + String.join(", ", new TreeSet<>(build.flags));
                return new NativeVariant(build.name, refused == null ? why : why + "; " + refused);
            }
        }
        return new NativeVariant(Build.GENERIC.name, refused == null ? "fallback" : "fallback; " + refused);
    }

    /** True when the chosen build carries oneDNN (all shipped builds do), so DL4J's layer helpers use it. */
    public boolean onednn() {
        Build build = Build.named(name);
        return build != null && build.onednn;
    }

    /**
     * Chooses and sets the JavaCPP extension and DL4J helper properties for this process, logs one
     * line saying which build will load and why, and returns the choice (or null where nothing was
     * changed: another platform, the CUDA backend, or an extension set by hand).
     */
    public static synchronized NativeVariant apply() {
        if (applied) {
            return chosen;
        }
        applied = true;
        chosen = choose();
        return chosen;
    }

    private static boolean applied;
    private static NativeVariant chosen;

    private static NativeVariant choose() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return null;
        }
        ClassLoader loader = NativeVariant.class.getClassLoader();
        if (loader.getResource(LIBRARY_DIR + "/libnd4jcpu.so") == null
                && loader.getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") == null) {
            return null; // not the CPU backend (CUDA build): nothing to choose here
        }
        String manual = System.getProperty(EXTENSION_PROPERTY);
        if (manual != null) {
            log.info("ND4J native library: linux-x86_64{} (set by -D{})", manual, EXTENSION_PROPERTY);
            return null;
        }
        String override = System.getProperty(OVERRIDE_PROPERTY, System.getenv(OVERRIDE_ENV));
        NativeVariant variant = choose(cpuFlags(), ext -> loader.getResource(LIBRARY_DIR + ext + "/libnd4jcpu.so") != null,
                override);
        Build build = Build.named(variant.name);
        if (!build.extension().isEmpty()) {
            System.setProperty(EXTENSION_PROPERTY, build.extension());
        }
        // The helpers call libnd4j's own conv/pool/batch-norm ops, which run through oneDNN where
        // the build has it and through libnd4j's C++ kernels where not; both beat DL4J's Java-side
        // im2col path (docs/BENCHMARKS.md), and OneDnnHelpersTest checks they compute the same.
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        log.info("ND4J native library: linux-x86_64{} ({}); DL4J layer helpers on for convolution, pooling and"
                + " batch norm{}", build.extension(), variant.reason, build.onednn ? " (oneDNN)" : "");
        return variant;
    }

    /** The CPU's instruction-set flags from /proc/cpuinfo (empty if unreadable: the generic build). */
    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
