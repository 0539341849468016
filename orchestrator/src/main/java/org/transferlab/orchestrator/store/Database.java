package org.transferlab.orchestrator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of JDBC connections and the SQL dialect behind them. Small on purpose: the store
 * is written by a handful of experiment actors and read by HTTP routes, all on bounded pools.
 *
 * <p>It heals itself: a connection that fails and then does not answer {@code SELECT 1} (H2 closes
 * its database when a write hits a full disk) is dropped and opened again on its next use, so the
 * store works again once the cause is gone, without a restart. {@link #health()} says whether the
 * store takes writes now. The embedded H2 database writes every commit to its file before the
 * commit returns ({@code WRITE_DELAY=0}): H2's default keeps commits in memory for up to half a
 * second, and a killed process or a full disk then loses what callers were told was recorded.
 */
public final class Database implements AutoCloseable {

    /** The few statements where H2 and PostgreSQL differ. */
    public enum Dialect { H2, POSTGRES }

    /** Whether the store answers and takes writes; {@code problem} says why not. */
    public record Health(boolean available, String problem) {}

    /** One place in the pool; its connection is null after it broke, until it is opened again. */
    private static final class Pooled {
        Connection connection;

        Pooled(Connection connection) {
            this.connection = connection;
        }
    }

    private final BlockingQueue<Pooled> idle;
    private volatile boolean closed;
    private final Dialect dialect;
    private final String url;
    private final String user;
    private final String password;

    private Database(String url, String user, String password, int size) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.H2;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(new Pooled(DriverManager.getConnection(url, user, password)));
        }
    }

    /** Opens the database at {@code url}, or an H2 file database under {@code dataDir} if url is empty. */
    public static Database open(String url, String user, String password, int poolSize, Path dataDir) {
        String effective = url == null || url.isBlank()
                ? "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("tlab")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
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
        Pooled p = take();
        try {
            return work.apply(p.connection);
        } catch (SQLException e) {
            dropIfBroken(p);
            throw new StoreException(describe(e), e);
        } finally {
            idle.add(p);
        }
    }

    /**
     * Whether the store answers and takes writes: one tiny committed write (the probe row), which
     * fails while the disk is full or the database is closed. A broken connection is opened again
     * first, so the answer turns healthy as soon as the store is.
     */
    public Health health() {
        try {
            update("UPDATE store_probe SET at_ms = ? WHERE id = 1", System.currentTimeMillis());
            return new Health(true, null);
        } catch (StoreException e) {
            return new Health(false, e.getMessage());
        }
    }

    /** Closes and forgets a connection that no longer answers; the next use opens a new one. */
    private static void dropIfBroken(Pooled p) {
        try (Statement s = p.connection.createStatement()) {
            s.execute("SELECT 1");
            return;
        } catch (SQLException | RuntimeException e) {
            // broken: fall through
        }
        try {
            p.connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // it is being thrown away
        }
        p.connection = null;
    }

    /** Runs {@code work} in one transaction; rolls back on any failure. */
    public <T> T inTransaction(SqlFunction<T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                c.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                // On a closed database these fail too; the first failure is the one that says why.
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
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

    /** A pooled connection, opened again if it broke; the place goes back to the pool if that fails. */
    private Pooled take() {
        Pooled p = null;
        try {
            // Never waits forever: once the store is closed (shutdown), callers get an error at once
            // instead of blocking the thread (an actor's, during its system's shutdown) for good.
            while (p == null) {
                if (closed) {
                    throw new StoreException("the store is closed (the lab is shutting down)", null);
                }
                p = idle.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        if (p.connection == null) {
            try {
                p.connection = DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                idle.add(p);
                throw new StoreException("the store is unavailable: " + describe(e), e);
            }
        }
        return p;
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (diskFull(e)) {
            return "no space left on the store's disk: free space under the data directory; the lab carries on by"
                    + " itself once there is room, and nothing recorded was lost";
        }
        return "store error: " + message.lines().findFirst().orElse(message);
    }

    /** Whether a failure, or anything that caused it, says the disk is full. */
    public static boolean diskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left") || m.toLowerCase(java.util.Locale.ROOT).contains("disk full")
                    || m.contains("could not extend file"))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && diskFull(sql.getNextException())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Pooled p;
        while ((p = idle.poll()) != null) {
            try {
                if (p.connection != null) {
                    p.connection.close();
                }
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
