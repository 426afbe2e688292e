package dev.ddb.coordinator.stress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.stress.load.StressRows;

/**
 * How many stress rows each instance holds, read from each instance directly rather than through the read
 * router, because the point is to compare the instances, replicas that lag included.
 */
final class StressRowCounts {

    /** MySQL's and MariaDB's "table doesn't exist": no stress load has run yet, which holds zero rows. */
    private static final int NO_SUCH_TABLE = 1146;

    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final String database;

    StressRowCounts(Topology topology, Function<String, DataSource> pools, String database) {
        this.topology = topology;
        this.pools = pools;
        this.database = database;
    }

    DataCountAnswer count() {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (InstanceAddress instance : topology.instances()) {
            try {
                counts.put(instance.id(), rowsOn(instance.id()));
            } catch (SQLException e) {
                unreachable.put(instance.id(), e.getMessage());
            }
        }
        boolean same = unreachable.isEmpty() && counts.values().stream().distinct().count() <= 1;
        return new DataCountAnswer(unreachable.isEmpty(), database + "." + StressRows.TABLE, topology.master().id(),
                counts, same, unreachable);
    }

    private long rowsOn(String instanceId) throws SQLException {
        try (Connection connection = pools.apply(instanceId).getConnection();
                Statement statement = connection.createStatement()) {
            connection.setCatalog(database);
            try (ResultSet rows = statement.executeQuery(StressRows.COUNT_ALL)) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                if (e.getErrorCode() == NO_SUCH_TABLE) {
                    return 0;
                }
                throw e;
            }
        }
    }
}
