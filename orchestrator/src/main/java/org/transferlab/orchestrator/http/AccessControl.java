package org.transferlab.orchestrator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.transferlab.orchestrator.store.TokenRecord;
import org.transferlab.orchestrator.store.TokenStore;
import org.transferlab.protocol.view.TokenView;

/**
 * Who may do what. Bearer tokens carry a role: {@code admin} (everything, including managing
 * tokens), {@code write} (submit and control experiments; what workers use) or {@code read}
 * (viewers). The store keeps only each token's SHA-256 (tokens are 24 random bytes, so an
 * unsalted hash cannot be reversed by guessing); the active hashes are held in memory so a check
 * costs one hash and one map lookup. Token ids are random: nothing about a secret can be read from
 * an id that lists and logs show. The orchestrator's own token ({@link ApiToken}) is registered as
 * the one local admin token on start, revoking the local token of any earlier start (that is how
 * deleting {@code api-token} and restarting rotates it), and cannot be revoked through the API.
 */
public final class AccessControl extends AllDirectives {

    enum Role {
        ADMIN, WRITE, READ;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Role> parse(String text) {
            for (Role r : values()) {
                if (r.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        boolean mayWrite() {
            return this != READ;
        }
    }

    record Caller(String tokenId, String name, Role role) {}

    private final TokenStore store;
    private final boolean readsNeedToken;
    private final String localHash;
    private final Map<String, TokenRecord> activeByHash = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    AccessControl(TokenStore store, ApiToken local, boolean readsNeedToken) {
        this.store = store;
        this.readsNeedToken = readsNeedToken;
        this.localHash = hash(local.value());
        // A new local token (api-token deleted, TLAB_TOKEN changed) revokes the one before it.
        store.makeLocal(localHash, "local admin", Role.ADMIN.wire(), Instant.now());
        for (TokenRecord t : store.all()) {
            if (t.active()) {
                activeByHash.put(t.hash(), t);
            }
        }
    }

    boolean readsNeedToken() {
        return readsNeedToken;
    }

    /** The caller named by an {@code Authorization} header; empty for none or an unknown token. */
    Optional<Caller> authenticate(Optional<String> authorization) {
        return bearer(authorization).map(t -> activeByHash.get(hash(t)))
                .map(r -> new Caller(r.id(), r.name(), Role.parse(r.role()).orElse(Role.READ)));
    }

    /** Runs {@code inner} when the header's token may call a route of the given level; 401 or 403 JSON otherwise. */
    Route guard(RouteTable.Access level, Optional<String> authorization, Supplier<Route> inner) {
        if (level == RouteTable.Access.PUBLIC || level == RouteTable.Access.TRIAL
                || (level == RouteTable.Access.READ && !readsNeedToken)) {
            return inner.get();
        }
        Optional<Caller> caller = authenticate(authorization);
        if (caller.isEmpty()) {
            String why = bearer(authorization).isPresent()
                    ? "the Bearer token is unknown or revoked; send a valid 'Authorization: Bearer <token>' or ask the lab's admin for a new one (tlab tokens create)"
                    : switch (level) {
                        case READ -> "this lab needs a token for reads: send 'Authorization: Bearer <token>' (a read-only token is enough)";
                        default -> "this call changes state and needs 'Authorization: Bearer <token>' "
                                + "(the local admin token is in the orchestrator's data directory, file api-token, or set TLAB_TOKEN)";
                    };
            return complete(Responses.error(StatusCodes.UNAUTHORIZED, why));
        }
        Role role = caller.get().role();
        boolean allowed = switch (level) {
            case PUBLIC, READ, TRIAL -> true;
            case WRITE -> role.mayWrite();
            case ADMIN -> role == Role.ADMIN;
        };
        if (!allowed) {
            return complete(Responses.error(StatusCodes.FORBIDDEN, "token '" + caller.get().name() + "' is " + role.wire()
                    + "-only and this call needs a " + (level == RouteTable.Access.ADMIN ? "admin" : "write or admin")
                    + " token; ask the lab's admin"));
        }
        return inner.get();
    }

    /** Creates a token and returns it with its secret, which is never shown again. */
    TokenView create(String name, Role role) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = "tlab_" + HexFormat.of().formatHex(bytes);
        TokenRecord record = new TokenRecord(TokenStore.newId(), name, role.wire(), hash(secret), Instant.now(), null, false);
        store.insert(record);
        activeByHash.put(record.hash(), record);
        return new TokenView(record.id(), name, role.wire(), record.createdAt(), null, secret);
    }

    List<TokenView> list() {
        return store.all().stream()
                .map(t -> new TokenView(t.id(), t.name(), t.role(), t.createdAt(), t.revokedAt(), null))
                .toList();
    }

    enum Revoked { REVOKED, UNKNOWN, OWN_TOKEN }

    Revoked revoke(String id) {
        Optional<TokenRecord> record = store.all().stream().filter(t -> t.id().equals(id) && t.active()).findFirst();
        if (record.isEmpty()) {
            return Revoked.UNKNOWN;
        }
        if (record.get().hash().equals(localHash)) {
            return Revoked.OWN_TOKEN;
        }
        store.revoke(id, Instant.now());
        activeByHash.remove(record.get().hash());
        return Revoked.REVOKED;
    }

    private static Optional<String> bearer(Optional<String> authorization) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .filter(t -> !t.isEmpty());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
