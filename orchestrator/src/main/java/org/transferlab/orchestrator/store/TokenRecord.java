package org.transferlab.orchestrator.store;

import java.time.Instant;

/**
 * A stored API token: never the token itself, only its SHA-256 ({@code hash}, hex). {@code id} is
 * random and tells nothing about the secret. {@code local} marks the orchestrator's own admin token
 * (configured or kept in {@code data-dir/api-token}); there is at most one active local token.
 */
public record TokenRecord(String id, String name, String role, String hash, Instant createdAt, Instant revokedAt, boolean local) {

    public boolean active() {
        return revokedAt == null;
    }
}
