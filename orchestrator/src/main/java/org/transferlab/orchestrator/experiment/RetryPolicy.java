package org.transferlab.orchestrator.experiment;

import java.util.Optional;
import org.transferlab.orchestrator.store.TrialStore;

/**
 * When a trial gets another attempt, and how its failure reads when it does not. Exists so that
 * {@code limits.maxRetries} is applied in one place, the same way to attempts that failed and to
 * attempts lost with their worker (which may have taken the worker down: a model the kernel killed
 * the process for), and so that crash loops provably end.
 *
 * @param maxRetries attempts a trial may fail or lose beyond its first ({@code limits.maxRetries})
 */
record RetryPolicy(int maxRetries) {

    /**
     * Whether a trial whose attempts failed {@code failures} times (lost ones included) runs again;
     * {@code wanted} is false when nothing should start it again (a stop was asked for, the
     * budget is spent).
     */
    boolean retries(int failures, boolean wanted) {
        return wanted && failures <= maxRetries;
    }

    /** What a trial that failed for good says: the last error, and how often when retries ran out. */
    String failedMessage(int failures, String error) {
        return failures > maxRetries && maxRetries > 0
                ? error + " (failed " + failures + " times; limits.maxRetries is " + maxRetries + ")" : error;
    }

    /**
     * After an attempt was lost with its worker: empty when the trial runs again, otherwise why it
     * fails (how often its worker was lost, the last reason, the other failures and the limit).
     */
    Optional<String> afterLoss(TrialStore.FailureCount count, String reason) {
        if (count.failures() <= maxRetries) {
            return Optional.empty();
        }
        int others = count.failures() - count.lost();
        return Optional.of("worker lost " + count.lost() + (count.lost() == 1 ? " time" : " times")
                + " while running this trial (last: " + reason + ")"
                + (others > 0 ? "; " + others + " other failed attempt(s)" : "")
                + "; limits.maxRetries is " + maxRetries);
    }
}
