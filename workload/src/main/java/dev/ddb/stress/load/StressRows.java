package dev.ddb.stress.load;

/**
 * The stress tables, shared by {@code ./ddb stress} and the coordinator's {@code /admin/stress-test} endpoints.
 * {@code stress_rows.k} is deliberately not unique: a write replayed twice on a replica would show up as a second
 * row there, which a unique key would have hidden behind an error.
 */
public final class StressRows {

    public static final String TABLE = "stress_rows";
    public static final String HOT_TABLE = "stress_hot";
    public static final int HOT_ROWS = 4;

    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, "
            + "k VARCHAR(64) NOT NULL, "
            + "scenario VARCHAR(16) NOT NULL, "
            + "client INT NOT NULL, "
            + "created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6), "
            + "KEY by_key (k))";

    public static final String CREATE_HOT_TABLE = "CREATE TABLE IF NOT EXISTS " + HOT_TABLE
            + " (id INT PRIMARY KEY, v BIGINT NOT NULL)";

    /** Puts the hot rows (back) to zero, so every run's updates start from the same state. */
    public static final String RESET_HOT_ROWS = "REPLACE INTO " + HOT_TABLE + " (id, v) VALUES (1, 0), (2, 0), (3, 0), (4, 0)";

    /** Parameters: key, scenario, client. */
    public static final String INSERT = "INSERT INTO " + TABLE + " (k, scenario, client) VALUES (?, ?, ?)";

    /** Parameter: the hot row's id, 1..{@value #HOT_ROWS}. */
    public static final String UPDATE_HOT = "UPDATE " + HOT_TABLE + " SET v = v + 1 WHERE id = ?";

    public static final String COUNT_KEY = "SELECT COUNT(*) AS n FROM " + TABLE + " WHERE k = ?";

    public static final String COUNT_ALL = "SELECT COUNT(*) AS n FROM " + TABLE;

    private StressRows() {
    }

    /** {@code <run>-<scenario>-<client>-<sequence>}: unique across runs for a run id of 8 characters. */
    public static String key(String runId, String scenario, int client, long sequence) {
        return runId + "-" + scenario + "-" + client + "-" + sequence;
    }
}
