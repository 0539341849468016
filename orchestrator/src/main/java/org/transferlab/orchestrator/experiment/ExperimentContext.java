package org.transferlab.orchestrator.experiment;

import java.util.concurrent.CompletableFuture;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.LabStore;

/**
 * What every experiment actor needs from the orchestrator around it. The artifact base URL is
 * known only once the HTTP server is bound, which may be after a restored experiment starts.
 */
public record ExperimentContext(LabStore store, EventLog events, CompletableFuture<String> artifactBase) {

    /** Where workers fetch and publish artifacts; waits for the HTTP binding if it is not there yet. */
    public String artifactBaseUrl() {
        return artifactBase.join();
    }
}
