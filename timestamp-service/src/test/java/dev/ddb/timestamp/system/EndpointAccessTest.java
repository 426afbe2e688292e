package dev.ddb.timestamp.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.AccessMatrix;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.timestamp.TimestampServerTest;

/** Who may call a timestamp server, from this machine and (DDB_AUTH=required) as if from another. */
@TimestampServerTest
class EndpointAccessTest {

    static final List<AccessMatrix.Endpoint> ENDPOINTS = List.of(
            AccessMatrix.get("/actuator/health"),
            AccessMatrix.get("/timestamp", Role.SERVICE),
            AccessMatrix.get("/timestamp?floor=100&count=5", Role.SERVICE),
            AccessMatrix.get("/actuator/health/reservation", Role.ADMIN),
            AccessMatrix.get("/actuator/prometheus", Role.ADMIN),
            AccessMatrix.get("/actuator", Role.ADMIN),
            AccessMatrix.get("/no-such-endpoint", Role.READER, Role.SERVICE));

    @LocalServerPort
    int port;

    @Test
    void onLoopbackEveryEndpointStillAnswersEachRoleAsItsTableSays() throws Exception {
        assertThat(AccessMatrix.violations(port, ENDPOINTS)).isEmpty();
    }

    @Test
    void healthShowsItsComponentsToTheAdminOnly() throws Exception {
        AccessMatrix.Endpoint health = AccessMatrix.get("/actuator/health");
        assertThat(AccessMatrix.send(port, health, null).body()).contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(AccessMatrix.send(port, health, TestCallers.authorization(Role.SERVICE)).body())
                .contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(AccessMatrix.send(port, health, TestCallers.authorization(Role.ADMIN)).body())
                .contains("\"reservation\"", "\"server_id\"");
    }

    @Test
    void webPageOfAnotherSiteTakesNoTimestampEvenWithTheToken() throws Exception {
        AccessMatrix.Endpoint timestamp = AccessMatrix.get("/timestamp", Role.SERVICE);
        String token = TestCallers.authorization(Role.SERVICE);

        HttpResponse<String> foreignOrigin = AccessMatrix.send(port, timestamp, token, "Origin", "https://page.example");
        HttpResponse<String> crossSite = AccessMatrix.send(port, timestamp, token, "Sec-Fetch-Site", "cross-site");

        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(foreignOrigin.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
        assertThat(AccessMatrix.send(port, timestamp, token, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
    }

    @Test
    void unauthenticatedCallIsOfferedBothSchemes() throws Exception {
        HttpResponse<String> answer = AccessMatrix.send(port, AccessMatrix.get("/timestamp"), null);
        assertThat(answer.headers().allValues("WWW-Authenticate")).hasSize(2);
        assertThat(answer.body()).contains("GET /timestamp needs role service");
    }

    @Nested
    @TestPropertySource(properties = TestCallers.AUTH_REQUIRED_PROPERTY)
    class AsARemoteCaller {

        @LocalServerPort
        int remotePort;

        @Test
        void everyEndpointAnswersEachRoleAsItsTableSays() throws Exception {
            assertThat(AccessMatrix.violations(remotePort, ENDPOINTS)).isEmpty();
        }
    }
}
