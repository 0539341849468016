package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migrations 4 and 4.1 on a store that a build before Flyway left at V3: ids that were the secret's
 * first hex digits (and the local token's, its hash's) become random, the local token is marked as
 * such, and nothing else about a token changes (hash, role, revocation), on H2 and PostgreSQL.
 */
class TokenIdMigrationTest extends OnBothDatabases {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void old_token_ids_become_random_and_the_local_token_is_marked(Backend backend) throws Exception {
        String url = newDatabase(backend);
        StoreSettings settings = TestStores.settings(url, 1, dataDir);
        String secretHash = "a".repeat(64);
        String localHash = "b".repeat(64);
        // a store at V3, written by a build before Flyway, with rows as V3's code wrote them
        LegacyStore.create(settings, 3);
        LegacyStore.execute(settings,
                "INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES "
                        + "('tok-3f9c0a1b2c', 'alice', 'write', '" + secretHash + "', CURRENT_TIMESTAMP)",
                "INSERT INTO api_tokens (id, name, role, token_hash, created_at, revoked_at) VALUES "
                        + "('tok-local-bbbbbbbb', 'local admin', 'admin', '" + localHash + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        db = Database.open(settings);
        List<TokenRecord> tokens = new TokenStore(db).all();
        assertEquals(2, tokens.size());
        TokenRecord alice = tokens.stream().filter(t -> t.name().equals("alice")).findFirst().orElseThrow();
        TokenRecord local = tokens.stream().filter(t -> t.name().equals("local admin")).findFirst().orElseThrow();
        for (TokenRecord t : tokens) {
            assertTrue(t.id().matches("tok-[0-9a-f]{12}"), t.id());
            assertFalse(t.hash().contains(t.id().substring(4)), t.id());
        }
        assertNotEquals("tok-3f9c0a1b2c", alice.id());
        assertEquals(secretHash, alice.hash());
        assertEquals("write", alice.role());
        assertTrue(alice.active());
        assertFalse(alice.local());
        assertTrue(local.local());
        assertFalse(local.active(), "a revoked token stays revoked");
        Instant before = Instant.now();
        TokenRecord fresh = new TokenStore(db).makeLocal("c".repeat(64), "local admin", "admin", before);
        assertTrue(fresh.local() && fresh.active());
        assertEquals(1, new TokenStore(db).all().stream().filter(t -> t.local() && t.active()).count());
    }
}
