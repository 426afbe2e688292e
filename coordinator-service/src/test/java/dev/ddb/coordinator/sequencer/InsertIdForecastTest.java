package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.mysql.cluster.Privileges;

class InsertIdForecastTest {

    private static final String INSERT = "INSERT INTO ddb.t (k) VALUES (?)";
    private static final String UPDATE = "UPDATE ddb.t SET k = ? WHERE id = 1";

    private final InsertIdForecast forecast = new InsertIdForecast();

    @Test
    void aStatementNotSeenRunningIsNotForecast() {
        assertThat(forecast.forecast(List.of(write(INSERT, "ddb.t")))).isNull();
    }

    @Test
    void oneSeenToGenerateNoIdIsForecastToGenerateNone() {
        List<PendingWrite> updates = List.of(write(UPDATE, "ddb.t"));
        forecast.learn(updates, entries(updates, 0), results(1));

        assertThat(forecast.forecast(updates)).isDeepEqualTo(new long[][] {{0}});
    }

    @Test
    void oneSeenToGenerateIdsGetsTheIdsAfterTheLastOneItsTableGave() {
        List<PendingWrite> batch = List.of(write(INSERT, "ddb.t"), write(INSERT, "ddb.t"));
        forecast.learn(batch, entries(batch, 7, 8), results(1, 1));
        List<PendingWrite> updates = List.of(write(UPDATE, "ddb.u"));
        forecast.learn(updates, entries(updates, 0), results(1));

        List<PendingWrite> next = List.of(write(INSERT, "ddb.t"), write(UPDATE, "ddb.u"), write(INSERT, "ddb.t"));
        long[][] ids = forecast.forecast(next);
        assertThat(ids).isDeepEqualTo(new long[][] {{9}, {0}, {10}});
        assertThat(forecast.confirm(ids, entries(next, 9, 0, 10))).isTrue();
    }

    @Test
    void aTableMovesOnByTheRowsAWriteInserted() {
        List<PendingWrite> first = List.of(write(INSERT, "ddb.t"));
        forecast.learn(first, entries(first, 5), results(3));

        assertThat(forecast.forecast(first)).isDeepEqualTo(new long[][] {{8}});
    }

    @Test
    void aStatementThatMissedTooOftenIsNotForecastAnyMore() {
        List<PendingWrite> batch = List.of(write(INSERT, "ddb.t"));
        forecast.learn(batch, entries(batch, 1), results(1));
        for (int miss = 0; miss < InsertIdForecast.MISSES_ALLOWED; miss++) {
            long[][] wrong = forecast.forecast(batch);
            assertThat(wrong).as("miss %d", miss).isDeepEqualTo(new long[][] {{2}});
            assertThat(forecast.confirm(wrong, entries(batch, 100 + miss))).isFalse();
        }

        assertThat(forecast.forecast(batch)).isNull();
    }

    @Test
    void aWriteIntoTheTableThatGeneratedNoIdOrARollbackForgetsWhereItsIdsGoOn() {
        List<PendingWrite> inserts = List.of(write(INSERT, "ddb.t"));
        forecast.learn(inserts, entries(inserts, 1), results(1));
        List<PendingWrite> explicit = List.of(write("INSERT INTO ddb.t (id, k) VALUES (?, ?)", "ddb.t"));
        forecast.learn(explicit, entries(explicit, 0), results(1));

        assertThat(forecast.forecast(inserts)).isNull();

        forecast.learn(inserts, entries(inserts, 50), results(1));
        List<PendingWrite> deletes = List.of(write("DELETE FROM ddb.t WHERE id = ?", "ddb.t"));
        forecast.learn(deletes, entries(deletes, 0), results(1));
        assertThat(forecast.forecast(inserts)).isDeepEqualTo(new long[][] {{51}});

        forecast.forgetNextIds();
        assertThat(forecast.forecast(inserts)).isNull();
    }

    @Test
    void aGeneratingStatementOfSeveralTablesIsNotForecast() {
        List<PendingWrite> batch = List.of(write("INSERT INTO ddb.t (k) SELECT k FROM ddb.u", "ddb.t", "ddb.u"));
        forecast.learn(batch, entries(batch, 3), results(1));

        assertThat(forecast.forecast(batch)).isNull();
    }

    @Test
    void forgettingStartsOver() {
        List<PendingWrite> batch = List.of(write(UPDATE, "ddb.t"));
        forecast.learn(batch, entries(batch, 0), results(1));

        forecast.forget();

        assertThat(forecast.forecast(batch)).isNull();
    }

    private static PendingWrite write(String sql, String... tables) {
        return new PendingWrite(new WriteRequest("txn", List.of(new LoggedStatement(sql, List.of("x"), 0)),
                Set.of(tables), Consistency.STRONG, false, Privileges.CLIENT));
    }

    /** The log entries of a batch whose writes of one statement each generated {@code ids}. */
    private static List<LogEntry> entries(List<PendingWrite> batch, long... ids) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            LoggedStatement statement = batch.get(i).request().statements().get(0);
            entries.add(LogEntry.create(i + 1, "txn", 1, List.of(new LoggedStatement(statement.sql(), statement.params(),
                    ids[i])), "1.0", batch.get(i).request().tables(), Privileges.CLIENT));
        }
        return entries;
    }

    private static List<long[]> results(long... rows) {
        List<long[]> results = new ArrayList<>();
        for (long row : rows) {
            results.add(new long[] {row, 0});
        }
        return results;
    }
}
