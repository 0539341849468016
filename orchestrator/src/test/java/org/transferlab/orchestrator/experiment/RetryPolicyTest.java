package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.store.TrialStore.FailureCount;

class RetryPolicyTest {

    @Test
    void a_trial_is_retried_up_to_max_retries_and_never_when_no_retry_is_wanted() {
        RetryPolicy policy = new RetryPolicy(2);
        assertTrue(policy.retries(1, true));
        assertTrue(policy.retries(2, true));
        assertFalse(policy.retries(3, true));
        assertFalse(policy.retries(1, false), "a stop was asked for, or the budget is spent");
        assertFalse(new RetryPolicy(0).retries(1, true));
    }

    @Test
    void a_trial_out_of_retries_says_how_often_it_failed_and_one_without_retries_just_its_error() {
        assertEquals("out of memory (failed 3 times; limits.maxRetries is 2)", new RetryPolicy(2).failedMessage(3, "out of memory"));
        assertEquals("out of memory", new RetryPolicy(2).failedMessage(1, "out of memory"), "failed for good before its retries ran out (a stop)");
        assertEquals("out of memory", new RetryPolicy(0).failedMessage(1, "out of memory"));
    }

    @Test
    void lost_attempts_count_like_failures_and_the_last_one_says_how_often_the_worker_was_lost() {
        RetryPolicy policy = new RetryPolicy(2);
        assertEquals(Optional.empty(), policy.afterLoss(new FailureCount(2, 2), "slot a left the cluster"));
        assertEquals(Optional.of("worker lost 3 times while running this trial (last: slot a left the cluster); limits.maxRetries is 2"),
                policy.afterLoss(new FailureCount(3, 3), "slot a left the cluster"));
        assertEquals(Optional.of("worker lost 1 time while running this trial (last: the lab process restarted while it ran)"
                        + "; 2 other failed attempt(s); limits.maxRetries is 2"),
                policy.afterLoss(new FailureCount(3, 1), "the lab process restarted while it ran"));
    }
}
