package dev.ddb.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seed 004's curl examples against a real coordinator in front of four real servers. */
@LocalServers(count = 4)
class SeedApiEndpointTest extends CoordinatorOnLocalServers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Status, headers and raw text, as {@code /ping} answers plain text and the CORS checks read headers. */
    record Answer(int status, HttpHeaders headers, String text) {

        JsonNode json() {
            return JSON.readTree(text);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    @Test
    void seedCurlExamplesWorkInOrderAndEveryInstanceHoldsTheSameRows(TestCluster cluster) throws Exception {
        assertThat(get("/ping").text()).isEqualTo("pong");
        assertThat(get("/is-master").json().get("isMaster").asBoolean()).isTrue();
        JsonNode nodes = get("/nodes").json();
        assertThat(nodes.get("master").asString()).isEqualTo("instance-1");
        assertThat(nodes.get("slaves").valueStream().map(JsonNode::asString).toList())
                .containsExactly("instance-2", "instance-3", "instance-4");

        assertSuccess(get("/createdb?name=testdb"), "Database created successfully");
        assertSuccess(post("/createtable?dbname=testdb&table=users&schema=id%20INT%20AUTO_INCREMENT%20PRIMARY%20KEY,"
                + "%20name%20VARCHAR(50),%20email%20VARCHAR(100)", null), "Table created successfully");
        assertSuccess(post("/createtable?dbname=testdb&table=people", """
                {"columns": [{"Name": "name", "DataType": "VARCHAR(50)"}, {"Name": "email", "DataType": "VARCHAR(100)"}]}
                """), "Table created successfully");
        assertSuccess(post("/insert", """
                {"dbname": "testdb", "table": "people", "values": "NULL, \\"John Doe\\", \\"john@example.com\\""}
                """), "Record inserted successfully");
        assertSuccess(post("/insert", """
                {"dbname": "testdb", "table": "people", "records": {"name": "Jane Doe", "email": "jane@example.com"}}
                """), "Record inserted successfully");

        Answer select = get("/select?dbname=testdb&table=people");
        assertThat(select.status()).as(select.toString()).isEqualTo(200);
        assertThat(select.json()).isEqualTo(JSON.readTree("""
                [{"Id": 1, "name": "John Doe", "email": "john@example.com"},
                 {"Id": 2, "name": "Jane Doe", "email": "jane@example.com"}]
                """));

        assertSuccess(post("/update", """
                {"dbname": "testdb", "table": "people", "set": "name = \\"John Smith\\"", "where": "Id = 1"}
                """), "Record updated successfully");
        assertSuccess(post("/delete", """
                {"dbname": "testdb", "table": "people", "where": "Id = 2"}
                """), "Record deleted successfully");

        assertThat(get("/select?dbname=testdb&table=people").json()).isEqualTo(JSON.readTree("""
                [{"Id": 1, "name": "John Smith", "email": "john@example.com"}]
                """));
        awaitSameRowsEverywhere(cluster, "testdb", "people", List.of("1|John Smith|john@example.com"));
        awaitSameRowsEverywhere(cluster, "testdb", "users", List.of());

        assertSuccess(get("/dropdb?name=testdb"), "Database dropped successfully");
        for (ClusterInstance instance : cluster.instances()) {
            awaitDatabaseGone(cluster, instance.id(), "testdb");
        }
    }

    @Test
    void injectionAttemptsAreStoredAsPlainDataOrRefused(TestCluster cluster) throws Exception {
        assertSuccess(get("/createdb?name=shop"), "Database created successfully");
        assertSuccess(post("/createtable?dbname=shop&table=notes", """
                {"columns": [{"Name": "body", "DataType": "VARCHAR(200)"}]}
                """), "Table created successfully");
        String hostile = "x'); DROP TABLE notes; -- \" OR 1=1 #";
        assertSuccess(post("/insert", JSON.writeValueAsString(Map.of("dbname", "shop", "table", "notes",
                "records", Map.of("body", hostile)))), "Record inserted successfully");
        assertSuccess(post("/insert", JSON.writeValueAsString(Map.of("dbname", "shop", "table", "notes",
                "values", "NULL, 'it\\'s; DROP DATABASE shop; --'"))), "Record inserted successfully");

        assertRefused(post("/delete", """
                {"dbname": "shop", "table": "notes", "where": "1 = 1 -- "}"""), "INVALID_WHERE");
        assertRefused(post("/delete", """
                {"dbname": "shop", "table": "notes", "where": "Id = 1; DROP TABLE notes"}"""), "INVALID_WHERE");
        assertRefused(post("/update", """
                {"dbname": "shop", "table": "notes", "set": "body = 'x' WHERE 1 = 1 #", "where": "Id = 0"}"""), "INVALID_SET");
        assertRefused(post("/update", """
                {"dbname": "shop", "table": "notes", "set": "body = (SELECT user FROM mysql.user LIMIT 1)", "where": "Id = 1"}"""),
                "INVALID_SET");
        assertRefused(post("/insert", """
                {"dbname": "shop", "table": "notes`; DROP TABLE notes; --", "values": "1"}"""), "INVALID_IDENTIFIER");
        assertRefused(post("/createtable?dbname=shop&table=t2&schema=a%20INT)%20SELECT%20*%20FROM%20shop.notes%20WHERE%20(1",
                null), "INVALID_SCHEMA");
        assertRefused(get("/select?dbname=shop&table=notes%20UNION%20SELECT%201"), "INVALID_IDENTIFIER");

        awaitSameRowsEverywhere(cluster, "shop", "notes", List.of("1|" + hostile, "2|it's; DROP DATABASE shop; --"));
    }

    @ParameterizedTest
    @CsvSource({
        "/createdb?name=ddb_meta, SYSTEM_SCHEMA",
        "/createdb?name=mysql, SYSTEM_SCHEMA",
        "/dropdb?name=information_schema, SYSTEM_SCHEMA",
        "/dropdb?name=ddb_meta, SYSTEM_SCHEMA",
        "/dropdb?name=ddb, DEFAULT_DATABASE",
        "/createdb, MISSING_PARAMETER",
        "/select?dbname=ddb_meta&table=log, SYSTEM_SCHEMA",
        "/select?dbname=ddb&table=missing, UNKNOWN_TABLE"})
    void systemSchemasAndBadNamesAreRefusedWithTheSuitesErrorShape(String path, String code) {
        assertRefused(get(path), code);
    }

    @Test
    void bodyErrorsNameTheField() {
        assertRefused(post("/insert", """
                {"dbname": "ddb", "table": "users", "values": "1", "colour": "red"}"""), "UNKNOWN_FIELD");
        assertRefused(post("/insert", """
                {"dbname": "ddb", "table": "users", "values": "1", "records": {"a": 1}}"""), "INVALID_REQUEST");
        assertRefused(post("/update", """
                {"dbname": "ddb", "table": "users", "set": "name = 'x'"}"""), "MISSING_FIELD");
        assertRefused(post("/delete", "[1, 2]"), "MALFORMED_JSON");
        assertThat(post("/delete", "{not json").status()).isEqualTo(400);
    }

    /** The seed API's createdb and dropdb are the admin's; its other calls need no credentials from loopback. */
    private static final String ADMIN = TestCallers.authorization(Role.ADMIN);

    /** Sends {@code path} as written, since its query strings are percent-encoded already. */
    private Answer get(String path) {
        return RestClient.create("http://127.0.0.1:" + port).get().uri(URI.create("http://127.0.0.1:" + port + path))
                .header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                        new String(response.getBody().readAllBytes())));
    }

    private Answer post(String path, String json) {
        RestClient.RequestBodySpec request = RestClient.create("http://127.0.0.1:" + port).post()
                .uri(URI.create("http://127.0.0.1:" + port + path)).header(HttpHeaders.AUTHORIZATION, ADMIN);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return request.exchange((sent, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                new String(response.getBody().readAllBytes())));
    }

    private static void assertSuccess(Answer answer, String message) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("message").asString()).isEqualTo(message);
        assertThat(answer.json().get("txn_id").asString()).startsWith("TXN-");
    }

    private static void assertRefused(Answer answer, String code) {
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        JsonNode body = answer.json();
        assertThat(body.get("success").asBoolean()).as(answer.toString()).isFalse();
        assertThat(body.get("error").asString()).as(answer.toString()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
    }

    /** Waits until every instance holds exactly {@code expected} ({@code col|col|...}, ordered by the first column). */
    private static void awaitSameRowsEverywhere(TestCluster cluster, String database, String table, List<String> expected)
            throws Exception {
        for (ClusterInstance instance : cluster.instances()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            List<String> seen = rows(cluster, instance.id(), database, table);
            while (!seen.equals(expected) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                seen = rows(cluster, instance.id(), database, table);
            }
            assertThat(seen).as("%s.%s on %s", database, table, instance.id()).isEqualTo(expected);
        }
    }

    private static List<String> rows(TestCluster cluster, String instanceId, String database, String table)
            throws SQLException {
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = '" + database + "' AND table_name = '" + table + "'")) {
                exists.next();
                if (exists.getInt(1) == 0) {
                    return List.of("<no table>");
                }
            }
            return InstanceContents.rows(statement, "SELECT * FROM `" + database + "`.`" + table + "` ORDER BY 1");
        }
    }

    private static void awaitDatabaseGone(TestCluster cluster, String instanceId, String database) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM information_schema.schemata"
                         + " WHERE schema_name = '" + database + "'")) {
                count.next();
                if (count.getInt(1) == 0) {
                    return;
                }
            }
            assertThat(Instant.now()).as("%s still has database %s", instanceId, database).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
