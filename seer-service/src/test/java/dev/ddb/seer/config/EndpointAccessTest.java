package dev.ddb.seer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.AccessMatrix;
import dev.ddb.auth.testing.TestCallers;

/**
 * Who may call seer-service, from this machine and (DDB_AUTH=required) as if from another. No metrics-service answers
 * here, so an admitted election gets 503 METRICS_UNAVAILABLE: past the gate, which is what this checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ddb.seer.metrics-url=http://127.0.0.1:1", TestCallers.USERS_PROPERTY,
            TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class EndpointAccessTest {

    static final AccessMatrix.Endpoint ELECTION = AccessMatrix.post("/elect-leader",
            "{\"exclude_replicas\": [\"instance-3\"]}", Role.READER, Role.SERVICE);

    static final List<AccessMatrix.Endpoint> ENDPOINTS = List.of(
            AccessMatrix.get("/actuator/health"),
            ELECTION,
            AccessMatrix.get("/actuator/health/metricsSource", Role.ADMIN),
            AccessMatrix.get("/actuator/prometheus", Role.ADMIN),
            AccessMatrix.get("/no-such-endpoint", Role.READER, Role.SERVICE));

    @LocalServerPort
    int port;

    @Test
    void onLoopbackEveryEndpointStillAnswersEachRoleAsItsTableSays() throws Exception {
        assertThat(AccessMatrix.violations(port, ENDPOINTS)).isEmpty();
    }

    @Test
    void webPageOfAnotherSiteIsRefusedBeforeAnyWork() throws Exception {
        String token = TestCallers.authorization(Role.SERVICE);

        HttpResponse<String> foreignOrigin = AccessMatrix.send(port, ELECTION, token, "Origin", "null");
        HttpResponse<String> crossSite = AccessMatrix.send(port, ELECTION, token, "Sec-Fetch-Site", "cross-site");

        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(foreignOrigin.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
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
