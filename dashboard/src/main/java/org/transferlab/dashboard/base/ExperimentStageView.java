package org.transferlab.dashboard.base;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import java.time.Duration;
import org.transferlab.protocol.view.ExperimentView;

/**
 * A polling view of one experiment, named by the route's {@code id}: the GTL and distillation pages.
 * It polls while the experiment can still change and stops once it has ended.
 *
 * @param <S> the snapshot, which carries the experiment
 */
public abstract class ExperimentStageView<S extends ExperimentStageView.Snapshot> extends PollingView<S> implements BeforeEnterObserver {

    /** What such a view's snapshots have in common: the experiment they show. */
    public interface Snapshot {
        ExperimentView experiment();
    }

    protected String experimentId;

    protected ExperimentStageView(Duration period) {
        super(period);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        experimentId = event.getRouteParameters().get("id").orElseThrow();
    }

    @Override
    protected boolean live(S snapshot) {
        ExperimentView e = snapshot.experiment();
        return e.status() == null || !e.status().terminal();
    }
}
