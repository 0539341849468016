package org.transferlab.orchestrator.store;

import java.time.Instant;

/** A stored API token: never the token itself, only its SHA-256 ({@code hash}, hex). */
public record TokenRecord(String id, String name, String role, String hash, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
