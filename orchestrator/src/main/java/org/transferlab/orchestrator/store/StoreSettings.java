package org.transferlab.orchestrator.store;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store lives and how its connection pool behaves, read once from
 * {@code transferlab.orchestrator.db-*} (see reference.conf). An empty url means the embedded H2
 * file database under {@code dataDir/db}.
 */
public record StoreSettings(
        String url,
        String user,
        String password,
        int poolSize,
        Duration connectionTimeout,
        Duration validationTimeout,
        Duration maxLifetime,
        Path dataDir) {

    /**
     * The embedded database's settings: PostgreSQL mode so both databases take the same SQL, and
     * {@code WRITE_DELAY=0} so a commit is in the file before it returns (H2's default keeps commits
     * in memory for up to half a second, which a killed process or a full disk then loses).
     */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    /** Reads the {@code db-*} keys of {@code orchestrator} (the {@code transferlab.orchestrator} section). */
    public static StoreSettings from(Config orchestrator, Path dataDir) {
        return new StoreSettings(
                orchestrator.getString("db-url"),
                orchestrator.getString("db-user"),
                orchestrator.getString("db-password"),
                orchestrator.getInt("db-pool-size"),
                orchestrator.getDuration("db-connection-timeout"),
                orchestrator.getDuration("db-validation-timeout"),
                orchestrator.getDuration("db-max-lifetime"),
                dataDir);
    }

    /** The JDBC URL to open: the configured one, or the embedded H2 file database under the data directory. */
    public String jdbcUrl() {
        return embeddedDefault() ? "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("tlab") + H2_OPTIONS : url;
    }

    /** Whether the database is H2 in this process (its user is always {@code sa}, without a password). */
    boolean embedded() {
        return jdbcUrl().startsWith("jdbc:h2:");
    }

    private boolean embeddedDefault() {
        return url == null || url.isBlank();
    }
}
