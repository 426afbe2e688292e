package dev.ddb.stress.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.services.CoordinatorProcesses;
import dev.ddb.stress.services.CoordinatorProcesses.Coordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's promises, against real processes: two coordinator-service processes (one timestamp-service, no SEER, no
 * Cabinet) in front of four MariaDB servers, 16 clients writing STRONG through the follower. When the leader is
 * SIGKILLed, alone or with the master, the follower takes over and no acknowledged write is lost; a leader that was
 * suspended (SIGSTOP) while the other took over commits nothing once it runs again. The time from the fault to the next
 * acknowledged write is printed, not asserted tightly: this runs on a shared two-core machine. Each coordinator's log
 * is under {@code target/coordinator-takeover/<test>/}, and its tail is printed when a test fails.
 */
@LocalServers(count = 4)
class CoordinatorTakeoverTest {

    private static final int CLIENTS = 16;
    private static final List<String> ALL = List.of("instance-1", "instance-2", "instance-3", "instance-4");
    /** Longer than any wait of a write inside the suite (a failover's hold, a forward to a dead leader). */
    private static final Duration PATIENT = Duration.ofSeconds(45);
    private static final Duration GENEROUS_TAKEOVER = Duration.ofSeconds(15);
    private static final Duration LOAD_SPELL = Duration.ofSeconds(3);
    /** For the clients of a coordinator that is suspended: they get no answer, and go on with their next write. */
    private static final Duration SHORT_PATIENCE = Duration.ofSeconds(10);

    private static volatile CoordinatorProcesses running;

    /** The coordinators' last log lines, for the failure's story. */
    @RegisterExtension
    static final TestWatcher LOG_TAILS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            try {
                if (running != null) {
                    System.out.println(running.logTails());
                }
            } catch (IOException e) {
                System.out.println("the coordinators' logs could not be read: " + e);
            }
        }
    };

    private Path logs;

    /** Every test starts from empty instances, all running, whatever the one before did to them. */
    @BeforeEach
    void emptyInstances(TestCluster cluster, TestInfo test) throws SQLException, IOException {
        for (ClusterInstance instance : cluster.instances()) {
            if (!instance.isRunning()) {
                instance.start();
            }
        }
        cluster.emptyAll();
        logs = Path.of("target", "coordinator-takeover", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(logs)) {
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(logs);
    }

    @Test
    void theFollowerTakesOverFromAKilledLeaderLosingNoAcknowledgedWriteAndTheLeaderRejoinsAsFollower(TestCluster cluster)
            throws Exception {
        try (CoordinatorProcesses coordinators = startTwo(cluster)) {
            Coordinator first = coordinators.coordinator(1);
            Coordinator second = coordinators.coordinator(2);
            assertThat(admin(first).query(LedgerLoad.TABLE, List.of(), "STRONG").succeeded()).isTrue();

            LedgerLoad load = new LedgerLoad(coordinators.credentials().writerAuthorization())
                    .clients(CLIENTS, "via2", second.url(), PATIENT).start();
            long killedAt;
            List<LedgerLoad.Write> writes;
            try {
                load.awaitAcknowledged(Long.MIN_VALUE, CLIENTS * 5, Duration.ofSeconds(60));
                Thread.sleep(LOAD_SPELL.toMillis());
                killedAt = System.nanoTime();
                first.kill();
                load.awaitAcknowledged(killedAt, CLIENTS * 5, Duration.ofSeconds(60));
                Thread.sleep(LOAD_SPELL.toMillis());
            } finally {
                writes = load.stop(PATIENT.plusSeconds(15));
            }
            long takeoverMillis = report("SIGKILL of the leader coordinator-1", load, killedAt);
            assertThat(takeoverMillis).isLessThan(GENEROUS_TAKEOVER.toMillis());
            assertThat(writes).allSatisfy(w -> assertThat(w.acknowledged() || w.honestlyRefused()).as("%s", w).isTrue());
            assertThat(roleOf(second)).isEqualTo("leader");
            Map<String, InstanceSnapshot> contents = assertNoAcknowledgedWriteLost(cluster, ALL, writes);
            assertThat(contents.get("instance-1").leadership()).endsWith("|coordinator-2");

            first.start();
            JsonNode rejoined = awaitSelf(first, "coordinator-1 follows after its restart",
                    s -> s.path("role").asString().equals("follower"));
            assertThat(rejoined.path("eligible").asBoolean()).as("%s", rejoined).isTrue();
            CoordinatorClient.Answer status = admin(first).get("/status");
            assertThat(status.body().path("leader").asString()).as("%s", status.body()).isEqualTo("coordinator-2");
            CoordinatorClient.Answer after = admin(first).query("INSERT INTO ledger VALUES ('after-restart', -1, 0)",
                    List.of(), "STRONG");
            assertThat(after.succeeded()).as("%s %s", after.status(), after.body()).isTrue();
            InstanceSnapshot settled = InstanceSnapshot.awaitIdentical(cluster, ALL, Duration.ofSeconds(30)).get("instance-1");
            assertThat(settled.ledgerKeys()).contains("after-restart").hasSize(contents.get("instance-1").ledgerKeys().size() + 1);
        }
    }

    @Test
    void theFollowerTakesOverAndFailsOverWhenTheLeaderAndTheMasterAreKilledTogether(TestCluster cluster) throws Exception {
        String master = null;
        try (CoordinatorProcesses coordinators = startTwo(cluster)) {
            Coordinator first = coordinators.coordinator(1);
            Coordinator second = coordinators.coordinator(2);
            assertThat(admin(first).query(LedgerLoad.TABLE, List.of(), "STRONG").succeeded()).isTrue();
            master = admin(first).get("/status").body().path("current_master").path("id").asString();

            LedgerLoad load = new LedgerLoad(coordinators.credentials().writerAuthorization())
                    .clients(CLIENTS, "via2", second.url(), PATIENT).start();
            long killedAt;
            List<LedgerLoad.Write> writes;
            try {
                load.awaitAcknowledged(Long.MIN_VALUE, CLIENTS * 5, Duration.ofSeconds(60));
                Thread.sleep(LOAD_SPELL.toMillis());
                killedAt = System.nanoTime();
                first.kill();
                cluster.instance(master).kill();
                load.awaitAcknowledged(killedAt, CLIENTS * 5, Duration.ofSeconds(90));
                Thread.sleep(LOAD_SPELL.toMillis());
            } finally {
                writes = load.stop(PATIENT.plusSeconds(15));
            }
            long takeoverMillis = report("SIGKILL of the leader coordinator-1 and the master " + master, load, killedAt);
            assertThat(takeoverMillis).isLessThan(GENEROUS_TAKEOVER.toMillis());

            JsonNode status = admin(second).get("/status").body();
            String finalMaster = master;
            List<String> alive = ALL.stream().filter(id -> !id.equals(finalMaster)).toList();
            assertThat(status.path("coordinator").asString()).as("%s", status).isEqualTo("coordinator-2");
            assertThat(status.path("current_master").path("id").asString()).as("%s", status).isIn(alive);
            assertThat(status.path("failovers").valueStream().map(f -> f.path("old_master").asString()))
                    .as("%s", status).contains(master);
            System.out.printf("[takeover] failovers after the double kill: %s%n", status.path("failovers"));
            assertThat(writes).allSatisfy(w -> assertThat(w.acknowledged() || w.honestlyRefused()).as("%s", w).isTrue());
            assertNoAcknowledgedWriteLost(cluster, alive, writes);
        } finally {
            if (master != null) {
                cluster.instance(master).start();
            }
        }
    }

    @Test
    void aLeaderSuspendedUnderLoadIsDeposedOnceItRunsAgainAndCommitsNothingOfItsOwn(TestCluster cluster) throws Exception {
        try (CoordinatorProcesses coordinators = startTwo(cluster)) {
            Coordinator first = coordinators.coordinator(1);
            Coordinator second = coordinators.coordinator(2);
            LedgerLoad load = suspendedLeaderLoad(coordinators);
            long suspendedAt;
            long resumedAt;
            long deposedAt;
            List<LedgerLoad.Write> writes;
            try {
                suspendedAt = suspendTheLeaderUnderLoad(first, load);
                // Whether coordinator-2 can lead while coordinator-1 is suspended is another test's matter (disabled):
                // here it is only reported, and the old leader's resumption is what is checked.
                Optional<Long> ledAfter = awaitLeadership(second, Duration.ofSeconds(20));
                System.out.printf("[takeover] coordinator-2 %s; writes sent after the SIGSTOP and acknowledged while"
                        + " coordinator-1 was suspended: %d%n", ledAfter.map(ms -> "led and was ready " + ms
                        + " ms after SIGSTOP of the leader").orElse("did not lead within 20 s of SIGSTOP of the leader"),
                        load.matching(w -> w.acknowledged() && w.sentAt() > suspendedAt).size());

                resumedAt = System.nanoTime();
                first.resume();
                JsonNode deposed = awaitSelf(first, "coordinator-1 knows it was deposed once it runs again",
                        s -> s.path("role").asString().equals("follower") && !s.path("eligible").asBoolean(true));
                deposedAt = System.nanoTime();
                System.out.printf("[takeover] coordinator-1 said it was a deposed follower %d ms after SIGCONT: %s%n",
                        TimeUnit.NANOSECONDS.toMillis(deposedAt - resumedAt), deposed);
                awaitSelf(second, "coordinator-2 leads once coordinator-1 was deposed",
                        s -> s.path("role").asString().equals("leader") && s.path("ready").asBoolean());
                load.awaitAcknowledged(resumedAt, CLIENTS * 3, Duration.ofSeconds(90));
                Thread.sleep(LOAD_SPELL.toMillis());
            } finally {
                writes = load.stop(SHORT_PATIENCE.plusSeconds(15));
            }
            report("SIGSTOP of the leader coordinator-1", load, suspendedAt);
            assertThat(first.process().isAlive()).as("without DDB_RESTART_WHEN_DEPOSED the deposed leader stays up").isTrue();

            // Whatever a client sent to coordinator-1 once it knew it was deposed went to the leader, or was refused
            // honestly. (What it had taken before may wait out the write timeout, longer than these clients wait.)
            long deposedSince = deposedAt;
            assertThat(load.matching(w -> w.via().equals("via1") && w.sentAt() > deposedSince))
                    .isNotEmpty().allSatisfy(w -> assertThat(w.acknowledged() || w.honestlyRefused()).as("%s", w).isTrue());
            CoordinatorClient.Answer forwarded = admin(first).query("INSERT INTO ledger VALUES ('after-resume', -1, 0)",
                    List.of(), "STRONG");
            assertThat(forwarded.succeeded()).as("%s %s", forwarded.status(), forwarded.body()).isTrue();
            assertThat(writes).allSatisfy(w -> assertThat(w.acknowledged() || w.honestlyRefused()
                    || w.error().equals(LedgerLoad.NO_ANSWER)).as("%s", w).isTrue());

            Map<String, InstanceSnapshot> contents = assertNoAcknowledgedWriteLost(cluster, ALL, writes);
            assertThat(contents.get("instance-1").ledgerKeys()).contains("after-resume", "before-0", "before-9");
            assertThat(contents.get("instance-1").leadership()).endsWith("|coordinator-2");
            assertThat(roleOf(first)).isEqualTo("follower");
        }
    }

    @Test
    void writesGoOnThroughTheNewLeaderWhileTheFormerLeaderIsSuspended(TestCluster cluster) throws Exception {
        try (CoordinatorProcesses coordinators = startTwo(cluster)) {
            Coordinator first = coordinators.coordinator(1);
            LedgerLoad load = suspendedLeaderLoad(coordinators);
            try {
                long suspendedAt = suspendTheLeaderUnderLoad(first, load);
                Coordinator second = coordinators.coordinator(2);
                awaitSelf(second, "coordinator-2 leads while coordinator-1 is suspended",
                        s -> s.path("role").asString().equals("leader") && s.path("ready").asBoolean());
                try {
                    load.awaitAcknowledged(suspendedAt, CLIENTS * 3, Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nwhat the instances are waiting for:\n" + locks(cluster), e);
                }
                System.out.printf("[takeover] SIGSTOP of the leader to the first write acknowledged by the new one: %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(load.firstAcknowledgedAfter(suspendedAt).orElseThrow() - suspendedAt));
            } finally {
                first.resume();
                load.stop(SHORT_PATIENCE.plusSeconds(15));
            }
        }
    }

    /** The table and ten writes through the leader, then 16 clients writing through coordinator-2 and 4 through coordinator-1. */
    private static LedgerLoad suspendedLeaderLoad(CoordinatorProcesses coordinators) throws Exception {
        CoordinatorClient leader = admin(coordinators.coordinator(1));
        assertThat(leader.query(LedgerLoad.TABLE, List.of(), "STRONG").succeeded()).isTrue();
        for (int i = 0; i < 10; i++) {
            CoordinatorClient.Answer answer = leader.query("INSERT INTO ledger VALUES (?, -1, ?)", List.of("before-" + i, i),
                    "STRONG");
            assertThat(answer.succeeded()).as("%s %s", answer.status(), answer.body()).isTrue();
        }
        // A client of the suspended leader gets no answer; the timeout lets it go on with its next write.
        return new LedgerLoad(coordinators.credentials().writerAuthorization())
                .clients(CLIENTS, "via2", coordinators.coordinator(2).url(), SHORT_PATIENCE)
                .clients(4, "via1", coordinators.coordinator(1).url(), SHORT_PATIENCE).start();
    }

    /**
     * SIGSTOP of the leader once the load runs.
     *
     * @return when it was suspended (System.nanoTime)
     */
    private static long suspendTheLeaderUnderLoad(Coordinator leader, LedgerLoad load) throws Exception {
        load.awaitAcknowledged(Long.MIN_VALUE, CLIENTS * 5, Duration.ofSeconds(60));
        Thread.sleep(LOAD_SPELL.toMillis());
        long suspendedAt = System.nanoTime();
        leader.suspend();
        return suspendedAt;
    }

    /** How many milliseconds it took {@code coordinator} to lead and be ready, or empty if it did not within {@code patience}. */
    private static Optional<Long> awaitLeadership(Coordinator coordinator, Duration patience) throws InterruptedException {
        long since = System.nanoTime();
        while (System.nanoTime() - since < patience.toNanos()) {
            JsonNode self = self(coordinator);
            if (self != null && self.path("role").asString().equals("leader") && self.path("ready").asBoolean()) {
                return Optional.of(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** Each instance's open transactions, lock waits and prepared XA transactions, for a failure message. */
    private static String locks(TestCluster cluster) {
        StringBuilder text = new StringBuilder();
        for (String id : ALL) {
            text.append("--- ").append(id).append('\n');
            for (String sql : List.of(
                    "SELECT trx_id, trx_state, trx_started, trx_mysql_thread_id, trx_rows_locked, trx_query"
                            + " FROM information_schema.innodb_trx",
                    "SELECT requesting_trx_id, blocking_trx_id FROM information_schema.innodb_lock_waits",
                    "SELECT lock_trx_id, lock_mode, lock_table, lock_index FROM information_schema.innodb_locks",
                    "XA RECOVER")) {
                text.append(sql).append('\n');
                try (Connection connection = cluster.connect(id, ""); Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            text.append(column > 1 ? " | " : "  ").append(rows.getString(column));
                        }
                        text.append('\n');
                    }
                } catch (SQLException e) {
                    text.append("  could not be read: ").append(e.getMessage()).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** Starts coordinator-1 and waits until it leads, then coordinator-2, which must follow it. */
    private CoordinatorProcesses startTwo(TestCluster cluster) throws Exception {
        CoordinatorProcesses coordinators = CoordinatorProcesses.prepare(cluster, logs, 2, Map.of());
        running = coordinators;
        try {
            Coordinator first = coordinators.coordinator(1).start();
            awaitSelf(first, "coordinator-1 leads", s -> s.path("role").asString().equals("leader") && s.path("ready").asBoolean());
            Coordinator second = coordinators.coordinator(2).start();
            awaitSelf(second, "coordinator-2 follows", s -> s.path("role").asString().equals("follower"));
            JsonNode status = admin(second).get("/status").body();
            assertThat(status.path("leader").asString()).as("%s", status).isEqualTo("coordinator-1");
            return coordinators;
        } catch (Exception | AssertionError e) {
            coordinators.close();
            throw e;
        }
    }

    /**
     * Prints the time from the fault to the first acknowledged write sent after it, and how the writes were answered.
     *
     * @return that time in milliseconds
     */
    private static long report(String fault, LedgerLoad load, long faultAt) {
        long first = load.firstAcknowledgedAfter(faultAt).orElseThrow();
        long millis = TimeUnit.NANOSECONDS.toMillis(first - faultAt);
        System.out.printf("[takeover] %s to the first acknowledged STRONG write sent after it: %d ms (target < 2000 ms);"
                + " answers: %s%n", fault, millis, load.summary());
        return millis;
    }

    /**
     * Every acknowledged key is on every instance of {@code ids}, which end identical, and no key whose write was
     * answered "not run" is on any.
     */
    private static Map<String, InstanceSnapshot> assertNoAcknowledgedWriteLost(TestCluster cluster, List<String> ids,
            List<LedgerLoad.Write> writes) throws Exception {
        Set<String> acknowledged = new HashSet<>();
        Set<String> notRun = new HashSet<>();
        for (LedgerLoad.Write write : writes) {
            if (write.acknowledged()) {
                acknowledged.add(write.key());
            } else if (LedgerLoad.NOT_RUN.contains(write.error())) {
                notRun.add(write.key());
            }
        }
        Map<String, InstanceSnapshot> contents = InstanceSnapshot.awaitIdentical(cluster, ids, Duration.ofSeconds(60));
        for (String id : ids) {
            Set<String> keys = new HashSet<>(contents.get(id).ledgerKeys());
            assertThat(keys).as("acknowledged keys on %s", id).containsAll(acknowledged);
            if (!notRun.isEmpty()) {
                assertThat(keys).as("keys of writes answered 'not run' on %s", id).doesNotContainAnyElementsOf(notRun);
            }
        }
        System.out.printf("[takeover] %d acknowledged writes, all on %s; %d rows in all%n", acknowledged.size(), ids,
                contents.get(ids.get(0)).ledgerKeys().size());
        return contents;
    }

    private static CoordinatorClient admin(Coordinator coordinator) {
        return new CoordinatorClient(CoordinatorUrls.of(coordinator.url()), Duration.ofSeconds(30),
                Optional.of(running.credentials().adminAuthorization()));
    }

    /** What the coordinator says of itself ({@code /internal/coordinator}), or null when it does not answer. */
    private static JsonNode self(Coordinator coordinator) {
        CoordinatorClient service = new CoordinatorClient(CoordinatorUrls.of(coordinator.url()), Duration.ofSeconds(2),
                Optional.of("Bearer " + running.credentials().serviceToken()));
        try {
            CoordinatorClient.Answer answer = service.get("/internal/coordinator");
            return answer.status() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String roleOf(Coordinator coordinator) {
        JsonNode self = self(coordinator);
        return self == null ? "no answer" : self.path("role").asString();
    }

    private static JsonNode awaitSelf(Coordinator coordinator, String what, Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = self(coordinator);
        while (last == null || !done.test(last)) {
            assertThat(System.nanoTime()).as("%s; it last said %s", what, last).isLessThan(deadline);
            Thread.sleep(50);
            last = self(coordinator);
        }
        return last;
    }
}
