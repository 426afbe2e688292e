package dev.ddb.timestamp.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.timestamp.TimestampClient;
import dev.ddb.timestamp.TimestampClient.Answer;
import dev.ddb.timestamp.TimestampServerTest;
import dev.ddb.timestamp.allocation.TimestampAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@TimestampServerTest
class TimestampEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    TimestampAllocator allocator;

    private TimestampClient client() {
        return new TimestampClient(port);
    }

    @Test
    void singleTimestampAnswerCarriesTheValueAndTheServerIdOnly() throws IOException {
        Answer answer = client().get("/timestamp");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().propertyNames()).containsExactlyInAnyOrder("timestamp", "server_id");
        assertThat(answer.body().get("timestamp").asLong() % 2).isEqualTo(1);
        assertThat(answer.body().get("server_id").asString()).isEqualTo("timestamp-1");
    }

    @Test
    void consecutiveAnswersIncrease() throws IOException {
        long first = client().timestamp("/timestamp");
        long second = client().timestamp("/timestamp");
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void floorIsExceededByTheNextOwnValue() throws IOException {
        long above = allocator.lastIssued() + 1_000;
        assertThat(client().timestamp("/timestamp?floor=" + above)).isEqualTo(above + 1);
        assertThat(client().timestamp("/timestamp?floor=" + (above + 5))).isEqualTo(above + 7);
    }

    @Test
    void countAnswersWithABlockOfConsecutiveOwnValues() throws IOException {
        Answer answer = client().get("/timestamp?count=5");

        assertThat(answer.status()).isEqualTo(200);
        long first = answer.body().get("first").asLong();
        assertThat(answer.body().get("timestamp").asLong()).isEqualTo(first);
        assertThat(answer.body().get("last").asLong()).isEqualTo(first + 8);
        assertThat(answer.body().get("count").asInt()).isEqualTo(5);
        assertThat(answer.body().get("server_id").asString()).isEqualTo("timestamp-1");
        assertThat(client().timestamp("/timestamp")).isEqualTo(first + 10);
    }

    @Test
    void largestBlockIsAllowed() throws IOException {
        Answer answer = client().get("/timestamp?count=10000");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("last").asLong() - answer.body().get("first").asLong()).isEqualTo(2 * 9_999);
    }

    @Test
    void unknownParametersAreIgnored() throws IOException {
        assertThat(client().get("/timestamp?color=blue").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "floor=abc", "floor=-1", "floor=1.5", "floor=99999999999999999999",
            "count=0", "count=-3", "count=10001", "count=x", "count=99999999999999999999",
            "floor=9223372036854775800&count=100"})
    void malformedParametersAnswer400InTheErrorShapeAndTheServiceCarriesOn(String query) throws IOException {
        long before = client().timestamp("/timestamp");

        Answer answer = client().get("/timestamp?" + query);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo("INVALID_PARAMETER");
        String parameter = query.substring(0, query.indexOf('='));
        assertThat(answer.body().get("message").asString()).contains("'" + parameter + "'");
        assertThat(client().timestamp("/timestamp")).isEqualTo(before + 2);
    }

    @Test
    void aFloorFarAboveWhatWasIssuedIsRefusedAndPoisonsNothing() throws IOException {
        long last = allocator.lastIssued();
        long poison = last + (1L << 40) + 10;

        Answer refused = client().get("/timestamp?floor=" + poison);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asString()).isEqualTo("INVALID_PARAMETER");
        assertThat(refused.body().get("message").asString()).contains("'floor'", "1099511627776", "TIMESTAMP_MAX_FLOOR_ADVANCE");
        long next = client().timestamp("/timestamp");
        assertThat(next).isLessThan(poison).isGreaterThan(last);
        long allowed = allocator.lastIssued() + (1L << 40);
        assertThat(client().timestamp("/timestamp?floor=" + allowed)).isGreaterThan(allowed);
    }

    @Test
    void unpersistableReservationAnswers503AndIssuesNothing() throws IOException {
        Path stateDir = allocator.reservationFile().directory();
        Path parked = stateDir.resolveSibling(stateDir.getFileName() + ".parked");
        long lastBefore = allocator.lastIssued();
        long farFloor = allocator.reservedBound() + 1_000_000;
        Files.move(stateDir, parked);
        Files.writeString(stateDir, "a file where the state directory should be");
        Answer refused;
        try {
            refused = client().get("/timestamp?floor=" + farFloor);
        } finally {
            Files.delete(stateDir);
            Files.move(parked, stateDir);
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("success").asBoolean()).isFalse();
        assertThat(refused.body().get("error").asString()).isEqualTo("RESERVATION_NOT_PERSISTED");
        assertThat(refused.body().get("message").asString()).contains("no timestamp was issued");
        assertThat(allocator.lastIssued()).isEqualTo(lastBefore);
        assertThat(client().timestamp("/timestamp?floor=" + farFloor)).isEqualTo(farFloor + (farFloor % 2 == 0 ? 1 : 2));
    }
}
