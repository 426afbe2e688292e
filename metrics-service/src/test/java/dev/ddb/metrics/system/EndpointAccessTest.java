package dev.ddb.metrics.system;

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

/** Who may call metrics-service, from this machine and (DDB_AUTH=required) as if from another. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ddb.metrics.instances=instance-1=127.0.0.1:1", TestCallers.USERS_PROPERTY,
            TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class EndpointAccessTest {

    static final String OBSERVATIONS = "{\"observations\":[{\"replica_id\":\"instance-1\",\"apply_latency_ms\":4.2}]}";

    static final List<AccessMatrix.Endpoint> ENDPOINTS = List.of(
            AccessMatrix.get("/actuator/health"),
            AccessMatrix.get("/metrics", Role.READER, Role.SERVICE),
            AccessMatrix.get("/metrics/instance-1", Role.READER, Role.SERVICE),
            AccessMatrix.get("/metrics/no-such-instance", Role.READER, Role.SERVICE),
            AccessMatrix.post("/metrics/observations", OBSERVATIONS, Role.SERVICE),
            AccessMatrix.get("/actuator/health/poller", Role.ADMIN),
            AccessMatrix.get("/actuator/prometheus", Role.ADMIN),
            AccessMatrix.get("/no-such-endpoint", Role.READER, Role.SERVICE));

    @LocalServerPort
    int port;

    @Test
    void onLoopbackEveryEndpointStillAnswersEachRoleAsItsTableSays() throws Exception {
        assertThat(AccessMatrix.violations(port, ENDPOINTS)).isEmpty();
    }

    @Test
    void webPageOfAnotherSitePostsNoObservationEvenWithTheToken() throws Exception {
        AccessMatrix.Endpoint observations = AccessMatrix.post("/metrics/observations", OBSERVATIONS, Role.SERVICE);
        String token = TestCallers.authorization(Role.SERVICE);

        HttpResponse<String> foreignOrigin = AccessMatrix.send(port, observations, token, "Origin", "http://localhost:3000");
        HttpResponse<String> crossSite = AccessMatrix.send(port, observations, token, "Sec-Fetch-Site", "cross-site");

        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(foreignOrigin.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).startsWith("{\"success\":false,\"error\":\"CROSS_SITE_REQUEST\",\"message\":");
    }

    @Test
    void readingIsNotRefusedToAWebPage() throws Exception {
        HttpResponse<String> answer = AccessMatrix.send(port, AccessMatrix.get("/metrics"),
                TestCallers.authorization(Role.READER), "Origin", "https://page.example", "Sec-Fetch-Site", "cross-site");
        assertThat(answer.statusCode()).isEqualTo(200);
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
