package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ddb.coordinator.api.TransactionIds;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.MetaTables;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.cluster.Privileges;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * Writes handed to the sequencer directly, as if the query classifier had let through what it refuses: a client's
 * statement reaching the suite's tables is refused by the servers, alone, in a batch with the suite's own writes and
 * other clients', and every later write and the log still work.
 */
@LocalServers(count = 3)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientPrivilegesTest extends CoordinatorOnLocalServers {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private Sequencer sequencer;

    @Test
    void aClientsWriteReachingTheSuitesTablesFailsAloneInABatchWithTheSuitesOwnWrites(TestCluster cluster)
            throws Exception {
        http.write("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))", "STRONG");
        String checksumTxn = TransactionIds.next();

        // Held, so the writes queue and run as one batch when released.
        sequencer.hold("one batch for the test", PATIENCE, false, PATIENCE);
        CompletableFuture<WriteOutcome> before = sequencer.submit(client("INSERT INTO notes VALUES (1, 'before')"));
        CompletableFuture<WriteOutcome> planted = sequencer.submit(
                client("UPDATE ddb_meta.state SET applied_ts = applied_ts + 1000"));
        CompletableFuture<WriteOutcome> suite = sequencer.submit(new WriteRequest(checksumTxn, List.of(new LoggedStatement(
                "INSERT INTO " + MetaTables.CHECKSUMS + " (txn_id, table_name, row_count, checksum) VALUES (?, 'ddb.notes', 0, 0)",
                List.of(checksumTxn), 0)), Set.of(MetaTables.CHECKSUMS), Consistency.STRONG, false, Privileges.SUITE));
        CompletableFuture<WriteOutcome> after = sequencer.submit(client("INSERT INTO notes VALUES (2, 'after')"));
        sequencer.resume();

        assertThat(refusal(planted).getMessage()).contains("denied");
        assertThat(List.of(before, suite, after)).allSatisfy(write -> assertThat(write.get(30, TimeUnit.SECONDS)
                .timestamp()).isPositive());
        http.write("INSERT INTO notes VALUES (3, 'next batch')", "STRONG");

        InstanceContents contents = InstanceContents.awaitIdentical(cluster, PATIENCE);
        assertThat(contents.tables().get("notes")).containsExactly("1|before", "2|after", "3|next batch");
        for (ClusterInstance instance : cluster.instances()) {
            assertThat(InstanceContents.count(cluster, instance.id(),
                    "SELECT COUNT(*) FROM " + MetaTables.CHECKSUMS + " WHERE txn_id = '" + checksumTxn + "'"))
                    .as("the suite's write on %s", instance.id()).isEqualTo(1);
        }
    }

    @Test
    void aClientsSchemaChangeReachingTheSuitesDatabaseFailsAndTheNextOnesRun(TestCluster cluster) throws Exception {
        CompletableFuture<WriteOutcome> planted = sequencer.submit(new WriteRequest(TransactionIds.next(),
                List.of(new LoggedStatement("CREATE TABLE ddb_meta.planted (id INT PRIMARY KEY)", List.of(), 0)),
                Set.of("ddb_meta.planted"), Consistency.STRONG, true, Privileges.CLIENT));

        assertThat(refusal(planted).getMessage()).contains("denied");
        http.write("CREATE TABLE after_refusal (id INT PRIMARY KEY)", "STRONG");
        http.write("INSERT INTO after_refusal VALUES (1)", "STRONG");

        InstanceContents contents = InstanceContents.awaitIdentical(cluster, PATIENCE);
        assertThat(contents.tables().get("after_refusal")).containsExactly("1");
        assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = 'ddb_meta' AND table_name = 'planted'")).isZero();
        assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.pending_ddl")).isZero();
    }

    private static WriteRequest client(String sql) {
        return new WriteRequest(TransactionIds.next(), List.of(new LoggedStatement(sql, List.of(), 0)), Set.of("ddb.notes"),
                Consistency.STRONG, false, Privileges.CLIENT);
    }

    private static CoordinatorException refusal(CompletableFuture<WriteOutcome> write) throws InterruptedException {
        try {
            write.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CoordinatorException.class);
            CoordinatorException refused = (CoordinatorException) e.getCause();
            assertThat(refused.code()).isEqualTo("SQL_ERROR");
            return refused;
        } catch (TimeoutException e) {
            throw new AssertionError("the write was neither refused nor answered", e);
        }
        throw new AssertionError("the servers let a client's statement reach the suite's tables");
    }
}
