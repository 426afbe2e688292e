package dev.ddb.coordinator.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.api.TransactionIds;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.WriteOutcome;
import dev.ddb.coordinator.sequencer.WriteRequest;
import dev.ddb.coordinator.topology.Topology;

/**
 * Makes an instance's copy of a table equal to the master's again, through the log. For each chunk found
 * different, the sequencer reads the master's rows of that key range at the entry's own place in the sequence
 * (every earlier write committed, no later one run) and logs "delete the range, insert these rows", which every
 * instance applies: on the damaged copy it restores the master's rows, on a correct one it writes what was there.
 * Each repaired chunk is then checked again.
 */
public final class Repair {

    private static final Logger log = LoggerFactory.getLogger(Repair.class);

    private final ChunkChecker checker;
    private final Divergences divergences;
    private final Verifications verifications;
    private final WritePath sequencer;
    private final Topology topology;

    public Repair(ChunkChecker checker, Divergences divergences, Verifications verifications, WritePath sequencer,
            Topology topology) {
        this.checker = checker;
        this.divergences = divergences;
        this.verifications = verifications;
        this.sequencer = sequencer;
        this.topology = topology;
    }

    /**
     * Repairs {@code table} on {@code instance}, or every table found different there when {@code table} is null.
     * Tables with no known difference are verified first.
     */
    public synchronized RepairReport repair(String instance, String table) {
        requireReplica(instance);
        List<String> tables;
        if (table != null) {
            String qualified = verifications.resolve(List.of(table)).get(0);
            if (divergences.of(instance, qualified).isEmpty()) {
                verifications.verifyNow(List.of(qualified));
            }
            tables = List.of(qualified);
        } else {
            if (divergences.tablesOf(instance).isEmpty()) {
                verifications.verifyNow(verifications.resolve(List.of()));
            }
            tables = divergences.tablesOf(instance);
        }
        List<RepairReport.TableRepair> repaired = new ArrayList<>();
        boolean allVerified = true;
        int chunks = 0;
        for (String name : tables) {
            List<RepairReport.ChunkRepair> done = new ArrayList<>();
            for (Mismatch mismatch : divergences.of(instance, name)) {
                RepairReport.ChunkRepair chunk = repairChunk(instance, name, mismatch);
                allVerified &= chunk.verified();
                done.add(chunk);
                chunks++;
            }
            repaired.add(new RepairReport.TableRepair(name, done, divergences.of(instance, name)));
        }
        String message = chunks == 0
                ? "No chunk of " + (table == null ? "any table" : tables.get(0)) + " differs on " + instance
                        + " from the master; nothing was written."
                : "Rewrote " + chunks + " chunk(s) from the master's rows; " + (allVerified
                        ? instance + " now holds the master's rows in each of them."
                        : "some still differ or could not be compared (see remaining and verified).");
        log.info("repair of {}: {}", instance, message);
        return new RepairReport(allVerified, instance, message, repaired);
    }

    private RepairReport.ChunkRepair repairChunk(String instance, String table, Mismatch mismatch) {
        String database = VerifiedTables.database(table);
        String name = VerifiedTables.table(table);
        KeyRange range = mismatch.range();
        WriteRequest rewrite = WriteRequest.fromMaster(TransactionIds.next(), Set.of(table), Consistency.EVENTUAL,
                master -> rewriteFromMaster(master, database, name, range));
        WriteOutcome outcome = checker.await(sequencer.submit(rewrite));
        TableShape shape = checker.shape(database, name).orElseThrow(() -> new CoordinatorException(409, "TABLE_GONE",
                table + " is no longer a base table on the master."));
        ChunkResult after = checker.check(shape, range);
        divergences.checked(after);
        boolean compared = after.compared().contains(instance);
        Mismatch still = after.mismatches().stream().filter(m -> m.instance().equals(instance)).findFirst().orElse(null);
        Long rowsAfter = !compared ? null : still == null ? after.masterRows() : still.instanceRows();
        return new RepairReport.ChunkRepair(range.loText(), range.hiText(), after.masterRows(), mismatch.instanceRows(),
                rowsAfter, outcome.timestamp(), compared && still == null);
    }

    /** The repair entry's statements, read on the master at the entry's place in the sequence. */
    private static List<LoggedStatement> rewriteFromMaster(Connection master, String database, String table,
            KeyRange range) throws SQLException {
        TableShape shape = TableShape.read(master, database, table);
        if (shape == null) {
            throw new SQLException(database + "." + table + " is no longer a base table on the master", "42S02", 1146);
        }
        KeyRange bounded = shape.chunked() ? range : KeyRange.ALL;
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement select = master.prepareStatement(ChunkStatements.rowsOf(shape, bounded))) {
            List<Object> bounds = bounded.bounds();
            for (int i = 0; i < bounds.size(); i++) {
                select.setObject(i + 1, bounds.get(i));
            }
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        boolean mariaDb = master.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        return ChunkStatements.repair(shape, bounded, rows, mariaDb);
    }

    private void requireReplica(String instance) {
        if (instance == null || instance.isBlank()) {
            throw new CoordinatorException(400, "MISSING_INSTANCE", "Name the instance to repair, as in"
                    + " {\"instance\": \"instance-3\"}.");
        }
        try {
            topology.require(instance);
        } catch (IllegalArgumentException unknown) {
            throw new CoordinatorException(404, "UNKNOWN_INSTANCE", unknown.getMessage());
        }
        if (topology.master().id().equals(instance)) {
            throw new CoordinatorException(409, "INSTANCE_IS_MASTER", instance + " is the master, whose rows are the"
                    + " reference; repair a replica.");
        }
    }
}
