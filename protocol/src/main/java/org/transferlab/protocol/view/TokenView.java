package org.transferlab.protocol.view;

import java.time.Instant;

/**
 * An API token as its admin sees it. {@code token} is set only in the reply that creates it: the
 * server keeps a hash and can never show it again. Roles: {@code admin} (everything, including
 * tokens), {@code write} (submit and control experiments; workers), {@code read} (viewers).
 */
public record TokenView(String id, String name, String role, Instant createdAt, Instant revokedAt, String token) {}
