package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The leadership term each instance keeps in {@code ddb_meta.leadership}: the highest term a coordinator has claimed
 * on it, and by whom. A coordinator leads only in a term it claimed on a majority of the configured instances, and an
 * instance takes a batch only from a coordinator whose term is at least its own ({@link #FENCE}), so a coordinator
 * that lost the leadership (suspended, partitioned, or simply started second) cannot commit anything once its successor
 * claimed the instance.
 *
 * <p>Why this is safe without clocks: a batch reads the instance's term inside its own transaction, with a shared lock
 * (InnoDB locks what an UPDATE's subquery reads), and a claim writes the term with an exclusive lock. So on each
 * instance a claim waits for the batches running and every later batch sees the new term. MariaDB releases shared
 * locks at XA PREPARE, though, so a batch already prepared does not hold the claim up: a claim also ends the old
 * leader's sessions there ({@link #endOtherSessions}), which turns its prepared batches into orphans the new leader
 * commits before it writes. A batch of the old term thus commits before the new leader's first or not at all.
 */
public final class Terms {

    /** The row's table; one row, id 1. */
    public static final String TABLE = "ddb_meta.leadership";

    /**
     * The condition a batch's bookkeeping UPDATE adds, with the coordinator's term as its parameter: the instance has
     * not been claimed in a higher term.
     */
    public static final String FENCE = "(SELECT term FROM " + TABLE + " WHERE id = 1) <= ?";

    private static final long SESSION_END_PATIENCE_NANOS = 2_000_000_000L;

    /** How long a claim waits for the batches running on an instance before it counts the instance as not granted. */
    static final int CLAIM_LOCK_WAIT_SECONDS = 1;

    private Terms() {
    }

    /** What an instance holds: the highest term claimed on it, and by whom (null: never). */
    public record Held(long term, String leader) {
    }

    /**
     * The leader's lease on an instance: its term, who holds it, and how long ago (by the instance's clock) it was
     * claimed or last renewed.
     */
    public record Lease(long term, String leader, long renewedMillisAgo) {
    }

    /** The lease the instance holds. */
    public static Lease lease(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT term, leader,"
                + " TIMESTAMPDIFF(MICROSECOND, claimed_at, NOW(6)) DIV 1000 FROM " + TABLE + " WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? new Lease(row.getLong(1), row.getString(2), row.getLong(3)) : new Lease(0, null, Long.MAX_VALUE);
        }
    }

    /**
     * Renews the lease of {@code term} on the instance, if it still holds that term: a leader that answers its peers'
     * heartbeats slowly (a busy machine) shows them it is alive this way. Waits at most
     * {@value #CLAIM_LOCK_WAIT_SECONDS} s for the batches running there.
     */
    public static boolean renew(Connection connection, long term) throws SQLException {
        return updatesOneRow(connection, "UPDATE " + TABLE + " SET claimed_at = CURRENT_TIMESTAMP(6) WHERE id = 1"
                + " AND term = ?", term);
    }

    /** Creates the table and its row where an older version provisioned the instance without them. */
    public static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id TINYINT PRIMARY KEY,"
                    + " term BIGINT UNSIGNED NOT NULL DEFAULT 0, leader VARCHAR(64) NULL,"
                    + " claimed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))"
                    + " ENGINE = InnoDB");
            statement.execute("INSERT IGNORE INTO " + TABLE + " (id) VALUES (1)");
        }
    }

    /** The instance's term, as of now (a consistent read: it waits for nothing). */
    public static Held read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT term, leader FROM " + TABLE + " WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? new Held(row.getLong(1), row.getString(2)) : new Held(0, null);
        }
    }

    /**
     * Claims {@code term} on the instance for {@code leader}, if no equal or higher term was claimed there: a
     * compare-and-set, committed on its own. Waits at most {@value #CLAIM_LOCK_WAIT_SECONDS} s for the batches running
     * there; an instance busier than that does not grant. A batch already prepared does not make it wait (MariaDB
     * releases shared locks at XA PREPARE): {@link #endOtherSessions} is what stops such a batch.
     *
     * @return whether the instance now holds {@code term} for {@code leader}
     */
    public static boolean claim(Connection connection, long term, String leader) throws SQLException {
        return updatesOneRow(connection, "UPDATE " + TABLE + " SET term = ?, leader = ? WHERE id = 1 AND term < ?",
                term, leader, term);
    }

    /**
     * Runs an UPDATE of the term row on its own, committed at once, waiting at most {@value #CLAIM_LOCK_WAIT_SECONDS} s
     * for the batches running on the instance.
     *
     * @return whether it changed the row (false also when the wait ran out)
     */
    private static boolean updatesOneRow(Connection connection, String sql, Object... parameters) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (Statement session = connection.createStatement()) {
            session.execute("SET SESSION innodb_lock_wait_timeout = " + CLAIM_LOCK_WAIT_SECONDS);
            connection.setAutoCommit(true);
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    update.setObject(i + 1, parameters[i]);
                }
                return update.executeUpdate() == 1;
            } catch (SQLException e) {
                if (isLockWaitTimeout(e)) {
                    return false;
                }
                throw e;
            } finally {
                session.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Ends every other session the suite's account has open on the instance, and waits until they are gone: the
     * sessions of the coordinator that led before. MariaDB (10.6 on) releases a transaction's shared locks at XA PREPARE,
     * so the term row a prepared batch read no longer makes a claim wait; a batch its leader prepared before the claim
     * could then commit after the next leader wrote, out of the log's order. Ended, its session rolls back what it had
     * not prepared, and leaves what it had prepared for the next leader to commit ({@code PreparedBatches}) before it
     * writes anything itself. Used only while this coordinator has no sessions of its own there.
     *
     * @return how many sessions were ended
     */
    public static int endOtherSessions(Connection connection) throws SQLException {
        List<Long> ended = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id FROM information_schema.processlist"
                    + " WHERE user = SUBSTRING_INDEX(USER(), '@', 1) AND id <> CONNECTION_ID()")) {
                while (rows.next()) {
                    ended.add(rows.getLong(1));
                }
            }
            for (long id : ended) {
                try {
                    statement.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // It ended on its own meanwhile.
                }
            }
            long deadline = System.nanoTime() + SESSION_END_PATIENCE_NANOS;
            while (!ended.isEmpty() && System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE id IN ("
                        + ended.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")")) {
                    if (rows.next() && rows.getLong(1) == 0) {
                        break;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return ended.size();
    }

    private static boolean isLockWaitTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }
}
