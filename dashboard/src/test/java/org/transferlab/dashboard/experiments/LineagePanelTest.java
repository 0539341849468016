package org.transferlab.dashboard.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineagePanelTest {

    @Test
    void the_summary_says_how_exploited_trials_got_their_values() {
        assertTrue(LineagePanel.exploreText("perturb").contains("perturbed by a factor or resampled"));
        assertTrue(LineagePanel.exploreText("bandit").contains("Gaussian-process bandit (PB2)"));
        assertEquals("", LineagePanel.exploreText(null), "a spec from before explore existed says nothing");
    }
}
