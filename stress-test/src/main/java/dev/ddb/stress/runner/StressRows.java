package dev.ddb.stress.runner;

/**
 * The runner's tables. {@code stress_rows.k} is deliberately not unique: a write replayed twice on a replica would
 * show up as a second row there, which a unique key would have hidden behind an error.
 */
final class StressRows {

    static final String TABLE = "stress_rows";
    static final String HOT_TABLE = "stress_hot";
    static final int HOT_ROWS = 4;

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, "
            + "k VARCHAR(64) NOT NULL, "
            + "scenario VARCHAR(16) NOT NULL, "
            + "client INT NOT NULL, "
            + "created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6), "
            + "KEY by_key (k))";

    static final String CREATE_HOT_TABLE = "CREATE TABLE IF NOT EXISTS " + HOT_TABLE
            + " (id INT PRIMARY KEY, v BIGINT NOT NULL)";

    /** Puts the hot rows (back) to zero, so every run's updates start from the same state. */
    static final String RESET_HOT_ROWS = "REPLACE INTO " + HOT_TABLE + " (id, v) VALUES (1, 0), (2, 0), (3, 0), (4, 0)";

    /** Parameters: key, scenario, client. */
    static final String INSERT = "INSERT INTO " + TABLE + " (k, scenario, client) VALUES (?, ?, ?)";

    /** Parameter: the hot row's id, 1..{@value #HOT_ROWS}. */
    static final String UPDATE_HOT = "UPDATE " + HOT_TABLE + " SET v = v + 1 WHERE id = ?";

    static final String COUNT_KEY = "SELECT COUNT(*) AS n FROM " + TABLE + " WHERE k = ?";

    static final String LOCK_HOT_ROWS = "SELECT id, v FROM ddb." + HOT_TABLE + " FOR UPDATE";

    private StressRows() {
    }

    /** {@code <run>-<scenario>-<client>-<sequence>}: unique across runs for a run id of 8 characters. */
    static String key(String runId, String scenario, int client, long sequence) {
        return runId + "-" + scenario + "-" + client + "-" + sequence;
    }
}
