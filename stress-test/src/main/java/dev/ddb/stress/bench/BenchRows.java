package dev.ddb.stress.bench;

/**
 * The write benchmark's table and statements. Every row carries a key no other write of any run shares, so a
 * checker can later look up each acknowledged write by its key.
 */
public final class BenchRows {

    public static final String TABLE = "bench_rows";

    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, "
            + "k VARCHAR(64) NOT NULL UNIQUE, "
            + "v INT NOT NULL, "
            + "created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))";

    /** Parameters: the key, then the number of the client that wrote it. */
    public static final String INSERT = "INSERT INTO " + TABLE + " (k, v) VALUES (?, ?)";

    private BenchRows() {
    }

    /** What every key of one target at one client count starts with: {@code <run>-<target>-c<clients>}. */
    public static String keyPrefix(String runId, String target, int clients) {
        return runId + "-" + target + "-c" + clients;
    }

    /** {@code <prefix>-<client>-<sequence>}, at most 64 characters for any run id of 16 characters or fewer. */
    public static String key(String prefix, int client, long sequence) {
        return prefix + "-" + client + "-" + sequence;
    }
}
