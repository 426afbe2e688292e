package dev.ddb.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TableHighWaterTest {

    private final TableHighWater highWater = new TableHighWater("ddb");

    @Test
    void eachTableTakesTheNewestEntryAmongEveryGroupThatNamesIt() {
        Map<String, Long> perTable = highWater.perTable(Map.of(
                "ddb.users", 7L,
                "ddb.products,ddb.users", 11L,
                "ddb.users,ddb.products", 5L,
                "ddb.products", 3L));

        assertThat(perTable).containsExactly(Map.entry("products", 11L), Map.entry("users", 11L));
    }

    @Test
    void tablesOfOtherDatabasesKeepTheirDatabaseNameAndBareDatabaseNamesAreNoTables() {
        Map<String, Long> perTable = highWater.perTable(Map.of("shop.orders", 9L, "shop", 8L, "ddbx.t", 4L));

        assertThat(perTable).containsOnlyKeys("shop.orders", "ddbx.t");
    }

    @Test
    void checksumEntriesOfTheCoordinatorsOwnBookkeepingAreNoClientTable() {
        Map<String, Long> perTable = highWater.perTable(Map.of("ddb_meta.checksums", 12L, "ddb.users", 7L));

        assertThat(perTable).containsOnlyKeys("users");
    }

    @Test
    void replicasShowTheirLagBehindTheMasterPerTableAndOverall() {
        TableHighWater.Reading master = TableHighWater.Reading.of("instance-1", 113, Map.of("ddb.users", 113L, "ddb.products", 101L));
        TableHighWater.Reading behind = TableHighWater.Reading.of("instance-2", 101, Map.of("ddb.users", 97L, "ddb.products", 101L));

        TableTimestampsReport report = highWater.report(master, List.of(behind), List.of("users", "products"));

        assertThat(report.master().globalTimestamp()).isEqualTo(113);
        assertThat(report.master().tableTimestamps()).containsExactly(Map.entry("products", 101L), Map.entry("users", 113L));
        assertThat(report.master().globalLag()).isNull();
        TableTimestampsReport.InstanceTimestamps replica = report.replicas().get(0);
        assertThat(replica.globalLag()).isEqualTo(12);
        assertThat(replica.tableLag()).containsExactly(Map.entry("products", 0L), Map.entry("users", 16L));
    }

    @Test
    void tablesNoEntryTouchedYetShowZeroOnEveryInstance() {
        TableHighWater.Reading master = TableHighWater.Reading.of("instance-1", 5, Map.of("ddb.users", 5L));
        TableHighWater.Reading replica = TableHighWater.Reading.of("instance-2", 0, Map.of());

        TableTimestampsReport report = highWater.report(master, List.of(replica), List.of("products", "users"));

        assertThat(report.master().tableTimestamps()).containsExactly(Map.entry("products", 0L), Map.entry("users", 5L));
        assertThat(report.replicas().get(0).tableTimestamps()).containsExactly(Map.entry("products", 0L), Map.entry("users", 0L));
        assertThat(report.replicas().get(0).tableLag()).containsExactly(Map.entry("products", 0L), Map.entry("users", 5L));
    }

    @Test
    void aReplicaAheadOfThePreparedMasterIsNotBehind() {
        TableHighWater.Reading master = TableHighWater.Reading.of("instance-1", 20, Map.of("ddb.users", 20L));
        TableHighWater.Reading ahead = TableHighWater.Reading.of("instance-2", 23, Map.of("ddb.users", 23L));

        TableTimestampsReport report = highWater.report(master, List.of(ahead), List.of());

        assertThat(report.replicas().get(0).globalLag()).isZero();
        assertThat(report.replicas().get(0).tableLag()).containsExactly(Map.entry("users", 0L));
    }

    @Test
    void anUnreachableReplicaCarriesItsErrorWhileTheOthersKeepTheirValues() {
        TableHighWater.Reading master = TableHighWater.Reading.of("instance-1", 9, Map.of("ddb.users", 9L));
        TableHighWater.Reading down = TableHighWater.Reading.failed("instance-3", "Connection refused");
        TableHighWater.Reading up = TableHighWater.Reading.of("instance-4", 9, Map.of("ddb.users", 9L));

        TableTimestampsReport report = highWater.report(master, List.of(down, up), List.of("users"));

        TableTimestampsReport.InstanceTimestamps unreachable = report.replicas().get(0);
        assertThat(unreachable.reachable()).isFalse();
        assertThat(unreachable.error()).isEqualTo("Connection refused");
        assertThat(unreachable.globalTimestamp()).isNull();
        assertThat(unreachable.tableTimestamps()).isNull();
        assertThat(report.replicas().get(1).reachable()).isTrue();
        assertThat(report.replicas().get(1).tableLag()).containsExactly(Map.entry("users", 0L));
    }

    @Test
    void withTheMasterUnreachableReplicasShowTheirTimestampsButNoLag() {
        TableHighWater.Reading master = TableHighWater.Reading.failed("instance-1", "Connection refused");
        TableHighWater.Reading replica = TableHighWater.Reading.of("instance-2", 9, Map.of("ddb.users", 9L));

        TableTimestampsReport report = highWater.report(master, List.of(replica), List.of());

        assertThat(report.master().reachable()).isFalse();
        assertThat(report.replicas().get(0).tableTimestamps()).containsExactly(Map.entry("users", 9L));
        assertThat(report.replicas().get(0).globalLag()).isNull();
        assertThat(report.replicas().get(0).tableLag()).isNull();
    }
}
