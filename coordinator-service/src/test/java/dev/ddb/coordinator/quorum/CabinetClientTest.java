package dev.ddb.coordinator.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import dev.ddb.auth.ServiceToken;

/** {@code POST /select-quorum} over a real socket to a stand-in speaking cabinet-service's contract. */
class CabinetClientTest {

    private final StandInServer cabinet = new StandInServer("/select-quorum", StandInServer.paperWeights("instance-1")).start();

    @AfterEach
    void stop() {
        cabinet.stop();
    }

    private CabinetClient client(URI url) {
        return new CabinetClient(url, ServiceHttp.to(url, Duration.ofMillis(200), Duration.ofMillis(500), ServiceToken.NONE),
                CircuitBreaker.ofDefaults("cabinet-test"));
    }

    @Test
    void weightsAndThresholdAreReadAsExactDecimals() {
        CabinetAnswer answer = client(cabinet.url()).selectQuorum();

        assertThat(answer.weights().get("instance-1").toPlainString()).isEqualTo("6.219352719");
        assertThat(answer.threshold().toPlainString()).isEqualTo("6.2201368595");
        assertThat(answer.quorum()).containsExactly("instance-1", "instance-2");
        assertThat(answer.failureThreshold()).isEqualTo(1);
        assertThat(cabinet.received()).containsExactly("{}");
    }

    @Test
    void serviceUnavailableNamesItsErrorCode() {
        cabinet.answer(new StandInServer.Reply(503,
                "{\"success\":false,\"error\":\"METRICS_UNAVAILABLE\",\"message\":\"metrics-service is down\"}"));

        assertThatThrownBy(() -> client(cabinet.url()).selectQuorum())
                .isInstanceOf(CabinetUnavailableException.class)
                .hasMessage("cabinet-service answered 503 METRICS_UNAVAILABLE: metrics-service is down");
    }

    @Test
    void stoppedServiceIsReportedUnreachable() {
        URI url = cabinet.url();
        cabinet.stop();

        assertThatThrownBy(() -> client(url).selectQuorum())
                .isInstanceOf(CabinetUnavailableException.class)
                .hasMessageStartingWith("cabinet-service at " + url + " is unreachable");
    }
}
