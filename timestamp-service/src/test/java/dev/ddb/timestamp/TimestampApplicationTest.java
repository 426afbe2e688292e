package dev.ddb.timestamp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@TimestampServerTest
class TimestampApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void healthReportsTheReservationFile() throws IOException {
        TimestampClient client = new TimestampClient(port);
        client.timestamp("/timestamp");

        var health = client.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        var reservation = health.body().get("components").get("reservation");
        assertThat(reservation.get("status").asString()).isEqualTo("UP");
        assertThat(reservation.get("details").get("server_id").asString()).isEqualTo("timestamp-1");
        assertThat(reservation.get("details").get("file").asString()).endsWith("timestamp-server-1.reservation");
        assertThat(reservation.get("details").get("reserved_bound").asLong())
                .isGreaterThanOrEqualTo(reservation.get("details").get("last_issued").asLong());
    }

    @Test
    void prometheusCountsEveryIssuedTimestampAndShowsTheLastOne() throws IOException {
        TimestampClient client = new TimestampClient(port);
        double before = issuedTotal(client.getText("/actuator/prometheus"));

        client.timestamp("/timestamp");
        long last = client.get("/timestamp?count=10").body().get("last").asLong();

        String scrape = client.getText("/actuator/prometheus");
        assertThat(issuedTotal(scrape) - before).isEqualTo(11.0);
        assertThat(scrape).contains("ddb_timestamp_last_issued{server_id=\"timestamp-1\"} " + (double) last);
        assertThat(scrape).contains("ddb_timestamp_reserved_bound{server_id=\"timestamp-1\"}");
    }

    private static double issuedTotal(String scrape) {
        String prefix = "ddb_timestamps_issued_total{server_id=\"timestamp-1\"} ";
        return scrape.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "in\n" + scrape));
    }
}
