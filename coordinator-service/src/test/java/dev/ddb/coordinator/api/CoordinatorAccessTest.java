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
 * Every endpoint of a real coordinator, called over HTTP as nobody and as each role, with the loopback exception: this
 * machine's clients send SQL without credentials, everything else needs them. Plus what browsers on other sites may not
 * do. {@link CoordinatorAccessRequiredTest} does the same with {@code DDB_AUTH=required}.
 */
@LocalServers(count = 2)
class CoordinatorAccessTest extends CoordinatorOnLocalServers {

    @BeforeEach
    void table() {
        http.write(CREATE_TABLE, "STRONG");
    }

    @Test
    void clientsSqlNeedsNoCredentialsFromThisMachineAndEverythingElseDoes() throws Exception {
        assertThat(AccessMatrix.violations(port, all(true))).isEmpty();
    }

    @Test
    void aReaderTokenFromThisMachineStillWritesSinceNoCredentialsWouldToo() throws Exception {
        HttpResponse<String> answer = AccessMatrix.send(port, post("/query", WRITE), TestCallers.authorization(Role.READER));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void healthShowsItsComponentsToTheAdminOnly() throws Exception {
        JsonNode anyone = json(AccessMatrix.send(port, get("/actuator/health"), null));
        JsonNode reader = json(AccessMatrix.send(port, get("/actuator/health"), TestCallers.authorization(Role.READER)));
        JsonNode admin = json(AccessMatrix.send(port, get("/actuator/health"), TestCallers.authorization(Role.ADMIN)));

        assertThat(anyone.has("status")).isTrue();
        assertThat(anyone.has("components")).isFalse();
        assertThat(reader.has("components")).isFalse();
        assertThat(admin.path("components").has("master")).as(admin.toString()).isTrue();
    }

    @Test
    void pagesOnOtherSitesChangeNothingEvenFromThisMachine() throws Exception {
        long before = count();
        List<HttpResponse<String>> refused = List.of(
                AccessMatrix.send(port, post("/query", WRITE), null, "Origin", "http://evil.example"),
                AccessMatrix.send(port, post("/query", WRITE), TestCallers.authorization(Role.ADMIN),
                        "Origin", "http://evil.example"),
                AccessMatrix.send(port, post("/query", WRITE), null, "Sec-Fetch-Site", "cross-site"),
                AccessMatrix.send(port, post("/insert", SEED_INSERT), null, "Sec-Fetch-Site", "cross-site"),
                AccessMatrix.send(port, get("/dropdb?name=ddb_other"), TestCallers.authorization(Role.ADMIN),
                        "Sec-Fetch-Site", "cross-site"),
                AccessMatrix.send(port, post("/admin/clear-data", null), TestCallers.authorization(Role.ADMIN),
                        "Origin", "http://evil.example"));

        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(json(answer).path("error").asString()).isEqualTo("CROSS_SITE_REQUEST");
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        });
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void noOriginIsAllowedByDefault() throws Exception {
        HttpResponse<String> preflight = AccessMatrix.send(port, new Endpoint("OPTIONS", "/query", null, Set.of()),
                null, "Origin", "http://page.example", "Access-Control-Request-Method", "POST");
        HttpResponse<String> read = AccessMatrix.send(port, get("/ping"), null, "Origin", "http://page.example");

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(json(preflight).path("error").asString()).isEqualTo("CROSS_SITE_REQUEST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private long count() {
        Answer answer = http.query("SELECT COUNT(*) AS n FROM access_notes", "STRONG");
        return answer.body().path("data").path(0).path("n").asLong();
    }
}
