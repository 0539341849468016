package org.transferlab.workers.run;

import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.protocol.work.WorkItem;

/**
 * Gives a slot the artifact store for one unit of work: each {@link WorkItem} names the store it
 * reads from and writes to ({@link WorkItem#artifactBaseUrl()}). Tests pass a directory-backed one.
 */
@FunctionalInterface
public interface ArtifactStoreFactory {

    ArtifactStore storeFor(WorkItem work);
}
