package org.transferlab.experiments.platform;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes a test JVM load the same native ND4J build a lab on this machine would: it runs
 * {@link NativeVariant#apply()} when the JUnit launcher session opens, before any test class
 * (and so ND4J) loads. Registered through META-INF/services; the workers and lab modules get it
 * from this module's test-jar.
 */
public final class NativeVariantSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeVariant.apply();
    }
}
