package dev.ddb.coordinator.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.ddb.coordinator.leader.Terms;

/**
 * The {@code ddb_meta} tables added after the first release, which instances provisioned before them lack: the
 * coordinator creates them on the master it adopts and on every replica its appliers connect to, before an entry
 * that needs them can reach the instance. Their definitions match {@code mysql-config}'s schema.sql.
 */
public final class MetaTables {

    /** Each instance's own results of the log's checksum entries, one row per entry, keyed by the entry's txn id. */
    public static final String CHECKSUMS = "ddb_meta.checksums";

    private MetaTables() {
    }

    /** Creates the tables that are missing; each statement commits on its own. */
    public static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS ddb_meta.pending_ddl LIKE ddb_meta.log");
            statement.execute("CREATE TABLE IF NOT EXISTS " + CHECKSUMS + " ("
                    + "txn_id VARCHAR(40) PRIMARY KEY, table_name VARCHAR(300) NOT NULL, lo VARCHAR(1024) NULL,"
                    + " hi VARCHAR(1024) NULL, row_count BIGINT UNSIGNED NOT NULL, checksum BIGINT UNSIGNED NOT NULL,"
                    + " computed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE = InnoDB");
        }
        Terms.ensure(connection);
    }
}
