package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void without_a_wall_clock_budget_no_timer_runs_and_the_running_time_is_never_read() {
        Budget none = new Budget(0);
        assertEquals(Optional.empty(), none.timeLeft(() -> {
            throw new AssertionError("the store clock is not read without a budget");
        }));
        assertTrue(none.dispatching());
    }

    @Test
    void the_time_left_is_the_budget_minus_the_running_time_and_never_negative() {
        Budget budget = new Budget(60);
        assertEquals(Optional.of(Duration.ofMillis(45_000)), budget.timeLeft(() -> 15_000));
        assertEquals(Optional.of(Duration.ZERO), budget.timeLeft(() -> 90_000), "spent while the orchestrator was down: fires at once");
    }

    @Test
    void paused_time_does_not_count_and_a_budget_is_never_spent_while_paused() {
        Budget budget = new Budget(60);
        assertTrue(budget.pause());
        assertFalse(budget.pause(), "already paused");
        assertFalse(budget.dispatching());
        assertEquals(Optional.empty(), budget.timeLeft(() -> 0), "no timer while paused");
        assertFalse(budget.spend(), "a timer that fires during a pause changes nothing");
        assertTrue(budget.resume());
        assertFalse(budget.resume(), "not paused");
        assertTrue(budget.spend());
        assertFalse(budget.spend(), "spent once");
        assertFalse(budget.dispatching());
        assertEquals(Optional.empty(), budget.timeLeft(() -> 0), "no timer once spent");
    }
}
