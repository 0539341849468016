package org.nd4j.nativeblas;

/**
 * A bridge for a class DL4J 1.0.0-M2.1 looks for under its old name. DL4J's
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} asks {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * (by reflection: {@code getInstance()}, then {@code isUseMKLDNN()}) whether libnd4j runs oneDNN;
 * in that release the class moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and
 * the method became {@code isUseONEDNN()}, so the lookup fails and every oneDNN layer helper stays
 * off. This class answers under the old name with the real environment's answer. It holds no
 * state of its own and is loaded only by that reflective lookup (see
 * {@code org.transferlab.experiments.platform.NativeVariant}).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** The old name of libnd4j's environment, answering what DL4J's helper check asks. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether libnd4j was built with oneDNN and has it switched on; false where the CPU backend
         * is absent (the CUDA build compiles this class too, so the real one is found by name).
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object environment = real.getMethod("getInstance").invoke(null);
                return (Boolean) real.getMethod("isUseONEDNN").invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
