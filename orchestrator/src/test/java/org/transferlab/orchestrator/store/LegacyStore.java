package org.transferlab.orchestrator.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A store as builds before Flyway left it: the same V1..Vn scripts, applied by TransferLab's own
 * migrator, which recorded each version in its {@code schema_version} table. Written here the way
 * that migrator worked (scripts split on semicolons at line ends, comment lines dropped), so tests
 * can open such a store with the current code. Its Java step of version 4 re-keyed existing tokens;
 * the stores built here have none at that point, so it is left out.
 */
final class LegacyStore {

    private static final String[] SCRIPTS = {"V1__initial.sql", "V2__api_tokens.sql", "V3__plans.sql", "V4__token_ids.sql",
        "V5__lost_attempts.sql"};

    private LegacyStore() {}

    /** Creates the schema up to {@code version} with the old bookkeeping, without Flyway. */
    static void create(StoreSettings settings, int version) throws SQLException {
        try (Connection c = connect(settings); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int v = 1; v <= version; v++) {
                for (String sql : statements(read(SCRIPTS[v - 1]))) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", " + System.currentTimeMillis() + ")");
            }
        }
    }

    /** Runs statements on the store's database over a plain connection, outside any pool and migration. */
    static void execute(StoreSettings settings, String... statements) throws SQLException {
        try (Connection c = connect(settings); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Connection connect(StoreSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.embedded() ? "sa" : settings.user(),
                settings.embedded() ? "" : settings.password());
    }

    private static String read(String name) {
        try (InputStream in = LegacyStore.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    private static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }
}
