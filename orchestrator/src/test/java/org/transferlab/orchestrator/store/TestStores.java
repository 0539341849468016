package org.transferlab.orchestrator.store;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;

/** Opens stores for tests the way the orchestrator does: reference.conf's pool settings, a chosen URL and pool size. */
public final class TestStores {

    private TestStores() {}

    /** Settings for {@code url} (empty: the embedded H2 database under {@code dataDir}) with a pool of {@code poolSize}. */
    public static StoreSettings settings(String url, int poolSize, Path dataDir) {
        return StoreSettings.from(ConfigFactory.parseMap(Map.of("db-url", url, "db-pool-size", poolSize))
                .withFallback(ConfigFactory.defaultReference().getConfig("transferlab.orchestrator")), dataDir);
    }

    public static Database open(String url, int poolSize, Path dataDir) {
        return Database.open(settings(url, poolSize, dataDir));
    }

    /** A trial's failed attempts so far, read from its row (the store itself only counts them up). */
    public static int failures(Database db, String trialId) {
        return db.first("SELECT failures FROM trials WHERE id = ?", rs -> rs.getInt("failures"), trialId).orElse(0);
    }
}
