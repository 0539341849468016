package org.transferlab.orchestrator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The store's database: a HikariCP pool of JDBC connections, the schema brought up to date by
 * {@link Migrations} on open, and the few ways the tables run SQL through {@link Sql}. The pool is
 * small on purpose: the store is written by a handful of experiment actors and read by HTTP
 * routes, all on the store dispatcher, whose threads match the pool.
 *
 * <p>It heals itself: a connection whose statement failed and which then does not prove valid
 * (H2 closes its database when a write hits a full disk) is evicted from the pool rather than
 * handed out again, and the pool opens a new one, so the store works again once the cause is gone,
 * without a restart. {@link #health()} says whether the store takes writes now. A call made after
 * {@link #close()} is refused at once with an error that says so; no call waits for a connection
 * longer than {@code db-connection-timeout}.
 */
public final class Database implements AutoCloseable {

    /** Whether the store answers and takes writes; {@code problem} says why not. */
    public record Health(boolean available, String problem) {}

    /** Work done with the statements of one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Sql sql) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String url;
    private final int validationSeconds;
    private volatile boolean closed;

    private Database(HikariDataSource pool, String url, int validationSeconds) {
        this.pool = pool;
        this.url = url;
        this.validationSeconds = validationSeconds;
    }

    /** Opens the pool on the configured database (or the embedded one) and migrates its schema. */
    public static Database open(StoreSettings settings) {
        String url = settings.jdbcUrl();
        String user = settings.embedded() ? "sa" : settings.user();
        String password = settings.embedded() ? "" : settings.password();
        HikariConfig config = new HikariConfig();
        config.setPoolName("tlab-store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(settings.validationTimeout().toMillis());
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at " + url + ": " + rootMessage(e), e);
        }
        Database db = new Database(pool, url, (int) Math.max(1, settings.validationTimeout().toSeconds()));
        try {
            Migrations.apply(db, url, user, password);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e instanceof StoreException ? e : new StoreException("cannot migrate the store at " + url + ": " + rootMessage(e), e);
        }
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T run(SqlWork<T> work) {
        return withConnection(c -> work.apply(new Sql(c)));
    }

    /** Runs {@code work} in one transaction; rolls back on any failure. */
    public <T> T inTransaction(SqlWork<T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(new Sql(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // On a closed database this fails too; the first failure is the one that says why.
                try {
                    c.rollback();
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        });
    }

    /** Runs one INSERT/UPDATE with positional parameters; returns the rows it changed. */
    public int update(String sql, Object... params) {
        return run(s -> s.update(sql, params));
    }

    /** Every row of one query. */
    public <T> List<T> list(String sql, Sql.Row<T> row, Object... params) {
        return run(s -> s.list(sql, row, params));
    }

    /** The first row of one query, if any. */
    public <T> Optional<T> first(String sql, Sql.Row<T> row, Object... params) {
        return run(s -> s.first(sql, row, params));
    }

    /**
     * Whether the store answers and takes writes: one tiny committed write (the probe row), which
     * fails while the disk is full or the database is closed. A broken connection is evicted
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

    /** A connection from the pool for {@code work}; a connection that broke on the way is evicted, not returned. */
    <T> T withConnection(ConnectionWork<T> work) {
        Connection c = borrow();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            evictIfBroken(c);
            throw new StoreException(describe(e), e);
        } finally {
            try {
                c.close(); // back to the pool, or closed for good if it was evicted
            } catch (SQLException ignored) {
                // the pool has dropped it already
            }
        }
    }

    private Connection borrow() {
        if (closed) {
            throw closedError();
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (closed || pool.isClosed()) {
                throw closedError();
            }
            throw new StoreException("the store is unavailable: " + describe(e), e);
        }
    }

    private static StoreException closedError() {
        return new StoreException("the store is closed (the lab is shutting down)", null);
    }

    /**
     * Evicts a connection that no longer answers, so that the pool opens a new one instead of
     * handing it out. A real statement, not {@link Connection#isValid}: after a write hit a full
     * disk, H2's connection still says it is valid while every statement fails (DiskFullTest then
     * never recovers).
     */
    private void evictIfBroken(Connection c) {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(validationSeconds);
            s.execute("SELECT 1");
        } catch (SQLException | RuntimeException broken) {
            pool.evictConnection(c);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: evicted by the caller's failure path
        }
    }

    private static String describe(SQLException e) {
        if (diskFull(e)) {
            return "no space left on the store's disk: free space under the data directory; the lab carries on by"
                    + " itself once there is room, and nothing recorded was lost";
        }
        // The pool's timeout names only itself; the reason is the last failure to connect, its cause.
        Throwable reason = e instanceof SQLTransientConnectionException && e.getCause() != null ? e.getCause() : e;
        String message = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        return "store error: " + message.lines().findFirst().orElse(message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Whether a failure, or anything that caused it, says the disk is full. */
    public static boolean diskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left") || m.toLowerCase(Locale.ROOT).contains("disk full")
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
        pool.close();
    }

    /** Work done with a raw connection: the migrations' look at the old bookkeeping table. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(Connection c) throws SQLException;
    }
}
