package org.transferlab.orchestrator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of JDBC connections and the SQL dialect behind them. Small on purpose: the store
 * is written by a handful of experiment actors and read by HTTP routes, all on bounded pools.
 */
public final class Database implements AutoCloseable {

    /** The few statements where H2 and PostgreSQL differ. */
    public enum Dialect { H2, POSTGRES }

    private final BlockingQueue<Connection> idle;
    private final Dialect dialect;
    private final String url;

    private Database(String url, String user, String password, int size) throws SQLException {
        this.url = url;
        this.dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.H2;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(DriverManager.getConnection(url, user, password));
        }
    }

    /** Opens the database at {@code url}, or an H2 file database under {@code dataDir} if url is empty. */
    public static Database open(String url, String user, String password, int poolSize, Path dataDir) {
        String effective = url == null || url.isBlank()
                ? "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("tlab")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                : url;
        boolean embedded = effective.startsWith("jdbc:h2:");
        try {
            Database db = new Database(effective, embedded ? "sa" : user, embedded ? "" : password, poolSize);
            Migrations.apply(db);
            return db;
        } catch (SQLException e) {
            throw new StoreException("cannot open the store at " + effective + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} with a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlFunction<T> work) {
        Connection c = take();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException(describe(e), e);
        } finally {
            idle.add(c);
        }
    }

    /** Runs {@code work} in one transaction; rolls back on any failure. */
    public <T> T inTransaction(SqlFunction<T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** Runs one INSERT/UPDATE with positional parameters; returns the rows it changed. */
    public int update(String sql, Object... params) {
        return withConnection(c -> update(c, sql, params));
    }

    /** The same on a connection already held (inside {@link #inTransaction}). */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                bind(ps, i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case String v -> ps.setString(index, v);
            case Integer v -> ps.setInt(index, v);
            case Long v -> ps.setLong(index, v);
            case Double v -> ps.setDouble(index, v);
            case Instant v -> ps.setTimestamp(index, Timestamp.from(v));
            default -> ps.setObject(index, value);
        }
    }

    private Connection take() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("No space left") || message.contains("disk full")) {
            return "the store's disk is full: free space under the data directory; nothing recorded was lost";
        }
        return "store error: " + message;
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing on shutdown; nothing left to protect
            }
        }
    }

    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }
}
