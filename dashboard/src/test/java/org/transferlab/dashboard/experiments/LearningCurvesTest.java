package org.transferlab.dashboard.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.view.MetricPoint;

class LearningCurvesTest {

    @Test
    void replaying_points_already_loaded_changes_nothing() {
        LearningCurves curves = new LearningCurves();
        List<MetricPoint> history = List.of(new MetricPoint("t1", 2, "val_loss", 0.5, 0),
                new MetricPoint("t1", 1, "val_loss", 0.9, 0), new MetricPoint("t1", 1, "val_accuracy", 0.6, 0));
        curves.recordAll(history);
        curves.recordAll(history);
        curves.record("t1", "val_loss", 3, 0.4);

        List<double[]> loss = curves.curve("t1", "val_loss");
        assertEquals(3, loss.size());
        assertArrayEquals(new double[] {1, 0.9}, loss.get(0));
        assertArrayEquals(new double[] {3, 0.4}, loss.get(2));
        assertEquals(Set.of("val_accuracy", "val_loss"), curves.metricNames());
        assertEquals(List.of(), curves.curve("t2", "val_loss"));
    }
}
