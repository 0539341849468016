package org.transferlab.orchestrator.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations: {@code db/migration/V<n>__<name>.sql} on the classpath, applied in
 * order, each in its own transaction, recorded in {@code schema_version}. Add a file and bump
 * {@link #LATEST}; never edit an applied one. Every known version not yet recorded is applied, so
 * versions written on parallel branches (a null name here until the branch is merged) can land in
 * either order as long as they touch different tables or columns.
 */
final class Migrations {

    static final int LATEST = 5;
    /** Index v-1 holds version v; null = reserved by work not merged into this build yet. */
    private static final String[] NAMES = {"V1__initial.sql", "V2__api_tokens.sql", "V3__plans.sql", "V4__token_ids.sql",
        "V5__lost_attempts.sql"};
    /** Steps SQL cannot say portably, run after the script of their version in the same transaction. */
    private static final java.util.Map<Integer, JavaStep> JAVA_STEPS = java.util.Map.of(4, Migrations::randomTokenIds);

    /** A migration step written in Java. */
    @FunctionalInterface
    interface JavaStep {
        void apply(Connection c) throws SQLException;
    }

    private Migrations() {}

    static void apply(Database db) {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            java.util.Set<Integer> applied = appliedVersions(c);
            int current = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
            if (current > LATEST) {
                throw new SQLException("the store is at schema version " + current
                        + " but this build knows only up to " + LATEST + "; use a newer TransferLab");
            }
            for (int v = 1; v <= LATEST; v++) {
                if (NAMES[v - 1] != null && !applied.contains(v)) {
                    applyOne(c, v, NAMES[v - 1]);
                }
            }
            return null;
        });
    }

    private static java.util.Set<Integer> appliedVersions(Connection c) throws SQLException {
        java.util.Set<Integer> versions = new java.util.HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private static void applyOne(Connection c, int version, String name) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(name))) {
                s.execute(sql);
            }
            JavaStep step = JAVA_STEPS.get(version);
            if (step != null) {
                step.apply(c);
            }
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", " + System.currentTimeMillis() + ")");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration " + name + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** V4: every token id becomes random; the old ones were the first 10 hex digits of the secret (or of its hash). */
    private static void randomTokenIds(Connection c) throws SQLException {
        java.util.List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM api_tokens")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET id = ? WHERE id = ?")) {
            for (String id : ids) {
                ps.setString(1, TokenStore.newId());
                ps.setString(2, id);
                ps.executeUpdate();
            }
        }
    }

    private static String read(String name) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new SQLException("migration " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + name, e);
        }
    }

    /** Splits a script on semicolons at line ends, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
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
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
