package dev.ddb.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;

/**
 * What a client may cost the servers and the coordinator: a read has a time limit and a size limit, reads no files
 * and leaves nothing behind in the pooled session for the next client (one connection per pool here, so consecutive
 * reads share a session); a request body must be JSON without duplicate keys.
 */
@LocalServers(count = 2)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ddb.coordinator.read-timeout=1s", "ddb.coordinator.max-response-size=64KB", "ddb.coordinator.pool-size=1"})
class ClientLimitsTest extends CoordinatorOnLocalServers {

    @Test
    void aReadOverTheTimeLimitAnswers504WithinAboutTheLimitAndIsNotRetried() {
        long start = System.nanoTime();
        CoordinatorHttp.Answer answer = http.query("SELECT SLEEP(60) AS slept", "EVENTUAL");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
        assertThat(answer.error()).isEqualTo("READ_TIMEOUT");
        assertThat(answer.body().path("message").asString()).contains("1000 ms", "DDB_READ_TIMEOUT", "not tried on another");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerOverTheByteLimitAnswers413NamingTheLimit() {
        http.write("CREATE TABLE wide (id INT PRIMARY KEY, body TEXT NOT NULL)", "STRONG");
        http.write("INSERT INTO wide (id, body) VALUES " + IntStream.rangeClosed(1, 100)
                .mapToObj(id -> "(" + id + ", REPEAT('x', 1000))").collect(Collectors.joining(", ")), "STRONG");

        CoordinatorHttp.Answer tooLarge = http.query("SELECT id, body FROM wide ORDER BY id", "STRONG");
        CoordinatorHttp.Answer small = http.query("SELECT id, body FROM wide WHERE id <= 10 ORDER BY id", "STRONG");

        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(tooLarge.body().path("message").asString()).contains("65536 bytes", "DDB_MAX_RESPONSE_SIZE");
        assertThat(small.status()).as(small.toString()).isEqualTo(200);
        assertThat(small.body().path("data")).hasSize(10);
    }

    /** The servers read no file either (secure_file_priv, no FILE privilege): see ProvisionedServersContract. */
    @Test
    void aReadThatLoadsAFileIsRefusedBeforeItReachesAServer() {
        CoordinatorHttp.Answer answer = http.query("SELECT LOAD_FILE('/etc/passwd') AS content", "STRONG");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("FILE_ACCESS");
    }

    @Test
    void aUserVariableOrNamedLockOfOneReadIsGoneForTheNextRead() {
        CoordinatorHttp.Answer setting = http.query("SELECT @left_behind := 42 AS v, GET_LOCK('ddb_test_lock', 0) AS locked", "STRONG");
        CoordinatorHttp.Answer next = http.query("SELECT @left_behind AS v, IS_USED_LOCK('ddb_test_lock') AS holder,"
                + " @@max_statement_time AS time_limit, @@tx_read_only AS read_only", "STRONG");

        assertThat(setting.status()).as(setting.toString()).isEqualTo(200);
        assertThat(setting.body().path("data").path(0).path("locked").asInt()).isEqualTo(1);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.body().path("data").path(0).path("v").isNull()).as(next.toString()).isTrue();
        assertThat(next.body().path("data").path(0).path("holder").isNull()).as(next.toString()).isTrue();
        assertThat(next.body().path("data").path(0).path("time_limit").asDouble()).as("limits set again").isEqualTo(1.0);
        assertThat(next.body().path("data").path(0).path("read_only").asInt()).isEqualTo(1);
    }

    @Test
    void readsRunReadOnlyButALockingReadStillRuns() {
        CoordinatorHttp.Answer locking = http.query("SELECT id FROM users FOR UPDATE", "STRONG");
        CoordinatorHttp.Answer after = http.query("SELECT @@tx_read_only AS read_only", "STRONG");

        assertThat(locking.status()).as(locking.toString()).isEqualTo(200);
        assertThat(after.body().path("data").path(0).path("read_only").asInt()).as(after.toString()).isEqualTo(1);
    }

    /** Read as the last value, the duplicate would move the master to instance-2. */
    @Test
    void aBodyWithADuplicateKeyAnswers400AndDoesNothing() {
        CoordinatorHttp.Answer answer = http.post("/admin/failover", "{\"target\": \"instance-9\", \"target\": \"instance-2\"}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.body().path("message").asString()).containsIgnoringCase("duplicate");
        assertThat(http.status().path("current_master").path("id").asString()).isEqualTo("instance-1");
    }

    @Test
    void readsRunAsTheReaderNotAsTheSuitesAccount() {
        CoordinatorHttp.Answer answer = http.query("SELECT CURRENT_USER() AS account", "EVENTUAL");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().path("data").path(0).path("account").asString()).startsWith("ddb_reader@");
    }
}
