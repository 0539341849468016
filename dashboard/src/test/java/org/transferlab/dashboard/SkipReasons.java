package org.transferlab.dashboard;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after the module's tests, every test that was skipped or aborted and why (a missing
 * browser, PostgreSQL, root), so the build's summary never shows a bare "Skipped: 6". Registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkipReasons implements TestExecutionListener {

    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    /** Class#method and, for a parameterised case, its display name. */
    private static String name(TestIdentifier test) {
        return test.getSource().map(source -> source instanceof MethodSource m
                ? m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "#" + m.getMethodName()
                        + (test.getDisplayName().startsWith(m.getMethodName()) ? "" : " " + test.getDisplayName())
                : source instanceof ClassSource c ? c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1)
                : test.getDisplayName()).orElse(test.getDisplayName());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (!skipped.isEmpty()) {
            System.out.println("[WARNING] " + skipped.size() + " test(s) or classes skipped, and why:");
            skipped.forEach(s -> System.out.println("[WARNING]   " + s));
        }
    }
}
