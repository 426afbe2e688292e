package dev.ddb.coordinator.api;

import static dev.ddb.auth.testing.AccessMatrix.get;
import static dev.ddb.auth.testing.AccessMatrix.post;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.CREATE_TABLE;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.READ;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.SEED_INSERT;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.WRITE;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.all;
import static dev.ddb.coordinator.api.CoordinatorEndpoints.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.AccessMatrix;
import dev.ddb.auth.testing.AccessMatrix.Endpoint;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;
import tools.jackson.databind.JsonNode;

/**
 * The access rules with {@code DDB_AUTH=required}: a caller on 127.0.0.1 is treated exactly as one on another machine,
 * so every endpoint but health asks it for credentials, and a write through {@code /query} for a writer's.
 */
@LocalServers(count = 2)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.AUTH_REQUIRED_PROPERTY, "DDB_CORS_ALLOWED_ORIGINS=http://page.example"})
class CoordinatorAccessRequiredTest extends CoordinatorOnLocalServers {

    @BeforeEach
    void table() {
        http.write(CREATE_TABLE, "STRONG");
    }

    @Test
    void everyEndpointButHealthAsksThisMachineForCredentialsAsItWouldAnyOther() throws Exception {
        assertThat(AccessMatrix.violations(port, all(false))).isEmpty();
    }

    @Test
    void withoutCredentialsNothingChanges() throws Exception {
        http.write("INSERT INTO access_notes (note) VALUES ('kept')", "STRONG");
        JsonNode before = http.query("SELECT * FROM access_notes ORDER BY id", "STRONG").body().path("data");

        for (Endpoint endpoint : all(false)) {
            HttpResponse<String> answer = AccessMatrix.send(port, endpoint, null);
            if (!endpoint.pathAndQuery().startsWith("/actuator/health")) {
                assertThat(answer.statusCode()).as(endpoint + " " + answer.body()).isEqualTo(401);
                assertThat(answer.headers().allValues("WWW-Authenticate")).isNotEmpty();
            }
        }

        assertThat(http.query("SELECT * FROM access_notes ORDER BY id", "STRONG").body().path("data")).isEqualTo(before);
        assertThat(http.status().path("current_master").path("id").asString()).isEqualTo("instance-1");
    }

    @Test
    void aReaderMayReadButNotWriteThroughQuery() throws Exception {
        String reader = TestCallers.authorization(Role.READER);
        HttpResponse<String> read = AccessMatrix.send(port, post("/query", READ), reader);
        HttpResponse<String> write = AccessMatrix.send(port, post("/query", WRITE), reader);
        HttpResponse<String> transaction = AccessMatrix.send(port, post("/query",
                "{\"queries\": [\"INSERT INTO access_notes (note) VALUES ('t')\"]}"), reader);
        HttpResponse<String> schema = AccessMatrix.send(port, post("/query", "{\"query\": \"DROP TABLE access_notes\"}"), reader);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(List.of(write, transaction, schema)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(json(answer).path("error").asString()).isEqualTo("INSUFFICIENT_ROLE");
            assertThat(json(answer).path("message").asString()).contains("'test-reader' has role reader");
        });
        assertThat(http.query("SELECT COUNT(*) AS n FROM access_notes WHERE note = 't'", "STRONG")
                .body().path("data").path(0).path("n").asLong()).isZero();
    }

    @Test
    void aBadTokenIsRefusedEvenWhereNoneIsNeeded() throws Exception {
        HttpResponse<String> answer = AccessMatrix.send(port, post("/query", READ), "Bearer not-a-token");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(json(answer).path("error").asString()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void anAllowedOriginMayCallWithCredentials() throws Exception {
        HttpResponse<String> preflight = AccessMatrix.send(port, new Endpoint("OPTIONS", "/query", null, Set.of()),
                null, "Origin", "http://page.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "Content-Type");
        HttpResponse<String> query = AccessMatrix.send(port, post("/query", WRITE),
                TestCallers.authorization(Role.WRITER), "Origin", "http://page.example");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://page.example");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(query.headers().firstValue("Access-Control-Allow-Origin")).contains("http://page.example");
    }
}
