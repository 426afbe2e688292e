package dev.ddb.coordinator.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.ddb.coordinator.leader.Terms;

/**
 * The one row of an instance's {@code ddb_meta.state}: how far it has applied the log, the highest
 * master epoch it knows, and its role. Every method runs on the caller's connection, inside the
 * caller's transaction, and relies on Connector/J's default {@code useAffectedRows=false}: an
 * UPDATE counts the rows it matched.
 */
public record InstanceState(String instanceId, long appliedTs, long epoch, InstanceRole role) {

    /** @throws IllegalStateException if the instance was never provisioned (no row 1) */
    public static InstanceState read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT instance_id, applied_ts, epoch, role FROM ddb_meta.state WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("ddb_meta.state has no row 1; the instance was not provisioned");
            }
            return new InstanceState(row.getString(1), row.getLong(2), row.getLong(3), InstanceRole.fromColumn(row.getString(4)));
        }
    }

    /**
     * The master's step for every batch: records {@code newAppliedTs} if the instance is still in
     * {@code expectedEpoch}. False means a newer master took over, so the caller must roll back
     * instead of committing a stale batch.
     */
    public static boolean advance(Connection connection, long newAppliedTs, long expectedEpoch) throws SQLException {
        return matchedOneRow(connection, advanceStatement(newAppliedTs, expectedEpoch));
    }

    /** The UPDATE {@link #advance} runs; it refused unless it matched one row. */
    public static BoundSql advanceStatement(long newAppliedTs, long expectedEpoch) {
        return new BoundSql("UPDATE ddb_meta.state SET applied_ts = ? WHERE id = 1 AND epoch = ?",
                List.of(newAppliedTs, expectedEpoch));
    }

    /**
     * {@link #advanceStatement}, refused also if the instance was claimed in a term above {@code term}: the batch's
     * coordinator no longer leads ({@link Terms#FENCE}).
     */
    public static BoundSql advanceStatement(long newAppliedTs, long expectedEpoch, long term) {
        return new BoundSql("UPDATE ddb_meta.state SET applied_ts = ? WHERE id = 1 AND epoch = ? AND " + Terms.FENCE,
                List.of(newAppliedTs, expectedEpoch, term));
    }

    /**
     * A replica's step for every applied transaction, a compare-and-set: records {@code newAppliedTs}
     * and raises the epoch to {@code entriesEpoch} only if the instance is still a replica at
     * {@code expectedAppliedTs}. False means another writer got there first (or the instance was
     * promoted), so the caller must roll back.
     */
    public static boolean advanceFrom(Connection connection, long expectedAppliedTs, long newAppliedTs, long entriesEpoch)
            throws SQLException {
        return matchedOneRow(connection, advanceFromStatement(expectedAppliedTs, newAppliedTs, entriesEpoch));
    }

    /** {@link #advanceFrom}, refused also if the instance was claimed in a term above {@code term} ({@link Terms#FENCE}). */
    public static boolean advanceFrom(Connection connection, long expectedAppliedTs, long newAppliedTs, long entriesEpoch,
            long term) throws SQLException {
        return matchedOneRow(connection, advanceFromStatement(expectedAppliedTs, newAppliedTs, entriesEpoch, term));
    }

    /** {@link #advanceFromStatement}, refused also if the instance was claimed in a term above {@code term}. */
    public static BoundSql advanceFromStatement(long expectedAppliedTs, long newAppliedTs, long entriesEpoch, long term) {
        BoundSql unfenced = advanceFromStatement(expectedAppliedTs, newAppliedTs, entriesEpoch);
        List<Object> parameters = new ArrayList<>(unfenced.params());
        parameters.add(term);
        return new BoundSql(unfenced.sql() + " AND " + Terms.FENCE, parameters);
    }

    /** The UPDATE {@link #advanceFrom} runs; it refused unless it matched one row. */
    public static BoundSql advanceFromStatement(long expectedAppliedTs, long newAppliedTs, long entriesEpoch) {
        return new BoundSql("UPDATE ddb_meta.state SET applied_ts = ?, epoch = GREATEST(epoch, ?) "
                + "WHERE id = 1 AND applied_ts = ? AND role = ?",
                List.of(newAppliedTs, entriesEpoch, expectedAppliedTs, InstanceRole.REPLICA.column()));
    }

    private static boolean matchedOneRow(Connection connection, BoundSql update) throws SQLException {
        return update.executeUpdate(connection) == 1;
    }

    /** Sets role and epoch, as a promotion (or a demotion back to replica) does. */
    public static void assume(Connection connection, InstanceRole role, long epoch) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ddb_meta.state SET role = ?, epoch = ? WHERE id = 1")) {
            update.setString(1, role.column());
            update.setLong(2, epoch);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("ddb_meta.state has no row 1; the instance was not provisioned");
            }
        }
    }

    /**
     * {@link #assume}, unless the instance was claimed in a term above {@code term} (a coordinator that no longer leads
     * must not promote or fence anything).
     *
     * @return false if refused for the term
     */
    public static boolean assume(Connection connection, InstanceRole role, long epoch, long term) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ddb_meta.state SET role = ?, epoch = ? WHERE id = 1 AND " + Terms.FENCE)) {
            update.setString(1, role.column());
            update.setLong(2, epoch);
            update.setLong(3, term);
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        read(connection); // throws if the row is missing: then the instance was never provisioned, not overtaken
        return false;
    }
}
