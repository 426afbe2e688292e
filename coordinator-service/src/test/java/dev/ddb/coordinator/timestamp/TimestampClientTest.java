package dev.ddb.coordinator.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.timestamp.ContractTimestampServer.Behaviour;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.client.HttpClientErrorException;

/** Two real HTTP servers speaking the timestamp contract (odd and even), the client built as the application does. */
class TimestampClientTest {

    private final ContractTimestampServer odd = new ContractTimestampServer(1, 2).start();
    private final ContractTimestampServer even = new ContractTimestampServer(2, 2).start();
    private TimestampClient client;

    @BeforeEach
    void createClient() {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .ignoreExceptions(HttpClientErrorException.class)
                .build();
        RetryConfig retry = RetryConfig.custom()
                .maxAttempts(2)
                .waitDuration(Duration.ofMillis(10))
                .retryExceptions(TimestampUnavailableException.class)
                .build();
        client = TimestampClient.create(List.of(odd.url(), even.url()), Duration.ofMillis(500),
                Duration.ofMillis(300), CircuitBreakerRegistry.of(Map.of(TimestampClient.RESILIENCE_NAME, breaker)),
                RetryRegistry.of(retry), ServiceToken.NONE);
    }

    @AfterEach
    void stopServers() {
        odd.close();
        even.close();
    }

    @Test
    void valuesStrictlyIncreaseAcrossManyCallsAndComeFromBothServers() {
        List<Long> values = new ArrayList<>();
        Map<String, Integer> blocksPerServer = new HashMap<>();
        for (int call = 0; call < 200; call++) {
            TimestampBlock block = client.next(0, 1 + call % 5);
            block.values().forEach(values::add);
            blocksPerServer.merge(block.serverId(), 1, Integer::sum);
        }

        assertThat(values).hasSize(600).isSorted().doesNotHaveDuplicates();
        assertThat(blocksPerServer).containsOnlyKeys("timestamp-1", "timestamp-2");
        assertThat(blocksPerServer.values()).allSatisfy(blocks -> assertThat(blocks).isEqualTo(100));
        assertThat(client.highestSeen()).isEqualTo(values.get(values.size() - 1));
    }

    @Test
    void floorIsHonouredAndLaterCallsNeverGoBelowWhatWasSeen() {
        TimestampBlock aboveFloor = client.next(1_000, 3);
        TimestampBlock next = client.next(0, 1);
        TimestampBlock aboveHigherFloor = client.next(5_000, 2);

        assertThat(aboveFloor.first()).isGreaterThan(1_000);
        assertThat(aboveFloor.serverId()).isNotEqualTo(next.serverId());
        assertThat(next.first()).isGreaterThan(aboveFloor.last());
        assertThat(aboveHigherFloor.first()).isGreaterThan(5_000);
    }

    @Test
    void oneServerStoppedMidRunFailsNoCall() {
        List<Long> values = new ArrayList<>();
        List<String> serversAfterStop = new ArrayList<>();
        for (int call = 0; call < 100; call++) {
            if (call == 30) {
                odd.stop();
            }
            TimestampBlock block = client.next(0, 2);
            block.values().forEach(values::add);
            if (call >= 30) {
                serversAfterStop.add(block.serverId());
            }
        }

        assertThat(values).hasSize(200).isSorted().doesNotHaveDuplicates();
        assertThat(serversAfterStop).containsOnly("timestamp-2");
        assertThat(circuitOf("timestamp-1").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void everyServerDownRaisesTimestampUnavailableNamingEachServersFailure() {
        odd.stop();
        even.stop();

        assertThatThrownBy(() -> client.next(10, 3))
                .isInstanceOfSatisfying(TimestampUnavailableException.class, e -> {
                    assertThat(e.failures()).extracting(TimestampUnavailableException.ServerFailure::server)
                            .containsExactlyInAnyOrder("timestamp-1", "timestamp-2");
                    assertThat(e.failures()).allSatisfy(failure -> assertThat(failure.reason()).isNotBlank());
                    assertThat(e.getMessage())
                            .contains("3 timestamp(s) above 10")
                            .contains("timestamp-1 (" + odd.url() + ")")
                            .contains("timestamp-2 (" + even.url() + ")");
                });
    }

    @Test
    void serverAnswering503IsSkippedAndItsCircuitOpens() {
        odd.behave(Behaviour.UNAVAILABLE);

        List<String> servers = new ArrayList<>();
        for (int call = 0; call < 20; call++) {
            servers.add(client.next(0, 1).serverId());
        }

        assertThat(servers).containsOnly("timestamp-2");
        assertThat(circuitOf("timestamp-1").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = {"GARBAGE", "BELOW_FLOOR", "SLOW"})
    void serverAnsweringWrongOrLateIsTreatedAsFailing(Behaviour behaviour) {
        odd.behave(behaviour);

        List<Long> firsts = new ArrayList<>();
        for (int call = 0; call < 6; call++) {
            TimestampBlock block = client.next(100, 1);
            assertThat(block.serverId()).isEqualTo("timestamp-2");
            firsts.add(block.first());
        }

        assertThat(firsts).isSorted().doesNotHaveDuplicates().allSatisfy(first -> assertThat(first).isGreaterThan(100));
        assertThat(circuitOf("timestamp-1").getMetrics().getNumberOfFailedCalls()).isPositive();
    }

    @Test
    void failureReasonsCarryTheServersErrorAnswer() {
        odd.behave(Behaviour.UNAVAILABLE);
        even.behave(Behaviour.GARBAGE);

        assertThatThrownBy(() -> client.next(0, 1))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("RESERVATION_NOT_PERSISTED");
    }

    @Test
    void negativeFloorOrEmptyBlockIsRejectedWithoutCallingAnyServer() {
        assertThatThrownBy(() -> client.next(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.next(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(client.servers()).allSatisfy(server ->
                assertThat(server.circuitBreaker().getMetrics().getNumberOfBufferedCalls()).isZero());
    }

    private CircuitBreaker circuitOf(String server) {
        return client.servers().stream().filter(s -> s.name().equals(server)).findFirst().orElseThrow()
                .circuitBreaker();
    }
}
