package org.transferlab.orchestrator.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway: {@code db/migration/V<n>__<name>.sql} on the
 * classpath, plus {@link RandomTokenIds} for the one step SQL cannot say portably. Add a file with
 * the next number; never edit an applied one (Flyway checks their checksums).
 *
 * <p>Stores written before Flyway carry TransferLab's own bookkeeping table {@code schema_version}
 * (one row per applied version, same numbering). Such a store is adopted: Flyway's history starts
 * with a baseline at the highest version recorded there, and only later versions run. Versions
 * written on parallel branches may land in either order ({@code outOfOrder}), as they could before.
 * A store at a version this build does not know is refused: a newer TransferLab wrote it.
 */
final class Migrations {

    private static final String LEGACY_TABLE = "schema_version";
    private static final String HISTORY_TABLE = "flyway_schema_history";

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /** Migrates the database behind {@code db}; Flyway opens its own connections, so a pool of one is enough. */
    static void apply(Database db, String url, String user, String password) {
        FluentConfiguration config = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .javaMigrations(new RandomTokenIds())
                .table(HISTORY_TABLE)
                .outOfOrder(true)
                // an applied version this build lacks below its newest (a parallel branch's) is tolerated, as
                // before; one above it (a newer build's) is not ignored but refused below, with a message
                .ignoreMigrationPatterns("*:missing");
        try {
            Optional<Integer> legacy = db.withConnection(Migrations::legacyVersion);
            if (legacy.isPresent()) {
                refuseUnknown(config.load(), legacy.get());
                config.baselineVersion(String.valueOf(legacy.get()))
                        .baselineDescription("adopted from the old schema_version table")
                        .load().baseline();
                log.info("Store schema version {} adopted from the old schema_version table", legacy.get());
            }
            Flyway flyway = config.load();
            refuseUnknown(flyway, null);
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Store schema migrated to version {} ({} migration(s) applied)", result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store at " + url + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** The newest version the old migrator recorded, when this store has its table and no Flyway history yet. */
    private static Optional<Integer> legacyVersion(Connection c) throws SQLException {
        if (!tableExists(c, LEGACY_TABLE) || tableExists(c, HISTORY_TABLE)) {
            return Optional.empty();
        }
        return new Sql(c).first("SELECT MAX(version) AS v FROM " + LEGACY_TABLE, rs -> Sql.nullableInt(rs, "v"));
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), table, null)) {
            return rs.next();
        }
    }

    /** Refuses a store that a newer build migrated further than this one knows (legacy: its recorded version). */
    private static void refuseUnknown(Flyway flyway, Integer legacyVersion) {
        MigrationInfo[] all = flyway.info().all();
        MigrationVersion latest = Arrays.stream(all).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS
                        && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        MigrationVersion current = legacyVersion != null ? MigrationVersion.fromVersion(String.valueOf(legacyVersion))
                : Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS)
                        .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).orElse(null);
        if (current != null && current.compareTo(latest) > 0) {
            throw new StoreException("the store is at schema version " + current + " but this build knows only up to "
                    + latest + "; use a newer TransferLab", null);
        }
    }
}
