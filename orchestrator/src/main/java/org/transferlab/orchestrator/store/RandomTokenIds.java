package org.transferlab.orchestrator.store;

import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 4.1, the part of version 4 that SQL cannot say portably (H2 and PostgreSQL share no
 * random function): every token id that still carries part of a secret (the first 10 hex digits of
 * the token, or {@code tok-local-} and those of its hash) becomes a random one. Ids already of the
 * random form are kept, so a store adopted at version 4, where TransferLab's own migrator did this
 * in the same step, keeps its ids.
 */
final class RandomTokenIds implements JavaMigration {

    private static final Pattern RANDOM_ID = Pattern.compile("tok-[0-9a-f]{12}");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4.1");
    }

    @Override
    public String getDescription() {
        return "random token ids";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Sql sql = new Sql(context.getConnection());
        List<String> ids = sql.list("SELECT id FROM api_tokens", rs -> rs.getString("id"));
        List<Object[]> renames = ids.stream().filter(id -> !RANDOM_ID.matcher(id).matches())
                .map(id -> new Object[] {TokenStore.newId(), id}).toList();
        sql.batch("UPDATE api_tokens SET id = ? WHERE id = ?", renames);
    }
}
