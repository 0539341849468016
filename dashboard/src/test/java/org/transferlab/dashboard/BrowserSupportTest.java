package org.transferlab.dashboard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BrowserSupportTest {

    @Test
    void a_missing_browser_fails_under_ci_and_skips_with_its_reason_elsewhere() {
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> BrowserSupport.requireOrSkip(false, "/usr/bin/chromium is absent", "true"));
        assertTrue(failed.getMessage().contains("CI=true") && failed.getMessage().contains("/usr/bin/chromium"), failed.getMessage());
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> BrowserSupport.requireOrSkip(false, "/usr/bin/chromium is absent", null));
        assertTrue(skipped.getMessage().contains("/usr/bin/chromium is absent"), skipped.getMessage());
        assertDoesNotThrow(() -> BrowserSupport.requireOrSkip(true, "-", "true"));
    }
}
