package org.transferlab.orchestrator.store;

import java.time.Instant;

/** Metadata of one stored artifact; its bytes live in the artifact directory under its id. */
public record ArtifactRecord(String id, String experimentId, String role, String sha256, long size, Instant createdAt) {}
