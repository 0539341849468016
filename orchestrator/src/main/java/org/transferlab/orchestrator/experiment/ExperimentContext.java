package org.transferlab.orchestrator.experiment;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.LabStore;

/**
 * What every experiment actor needs from the orchestrator around it. The artifact base URL is
 * known only once the HTTP server is bound, which may be after a restored experiment starts.
 * Reported results are written in batches: at most {@code resultFlushInterval} late, or as soon as
 * {@code resultBatchSize} are waiting. An experiment whose store write fails is rebuilt from the
 * store after a pause growing from {@code storeRetryMinBackoff} to {@code storeRetryMaxBackoff}.
 */
public record ExperimentContext(LabStore store, EventLog events, CompletableFuture<String> artifactBase,
        Duration resultFlushInterval, int resultBatchSize, Duration storeRetryMinBackoff, Duration storeRetryMaxBackoff) {

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final Duration DEFAULT_STORE_RETRY_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STORE_RETRY_MAX = Duration.ofSeconds(10);

    public ExperimentContext(LabStore store, EventLog events, CompletableFuture<String> artifactBase) {
        this(store, events, artifactBase, DEFAULT_FLUSH_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_STORE_RETRY_MIN, DEFAULT_STORE_RETRY_MAX);
    }

    /** Where workers fetch and publish artifacts; waits for the HTTP binding if it is not there yet. */
    public String artifactBaseUrl() {
        return artifactBase.join();
    }
}
