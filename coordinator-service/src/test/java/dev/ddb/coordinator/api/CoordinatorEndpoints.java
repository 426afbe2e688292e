package dev.ddb.coordinator.api;

import static dev.ddb.auth.testing.AccessMatrix.get;
import static dev.ddb.auth.testing.AccessMatrix.post;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.AccessMatrix.Endpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every endpoint of the coordinator, with a request each and the roles it admits, for the access tests. */
final class CoordinatorEndpoints {

    private CoordinatorEndpoints() {
    }


    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Role[] ANY_ROLE = Role.values();
    static final String READ = "{\"query\": \"SELECT COUNT(*) AS n FROM access_notes\", \"consistency\": \"EVENTUAL\"}";
    static final String WRITE = "{\"query\": \"INSERT INTO access_notes (note) VALUES ('x')\", \"consistency\": \"STRONG\"}";
    static final String SEED_INSERT = "{\"dbname\": \"ddb\", \"table\": \"access_notes\", \"records\": {\"note\": \"y\"}}";
    /** A body the endpoint refuses with 400 once the caller may call it: the matrix must not fail the cluster over. */
    private static final String UNKNOWN_FIELD = "{\"no_such_field\": 1}";

    /**
     * The endpoints whose rule is the same in both modes: everything but clients' SQL. The last one clears the data,
     * so it comes last.
     */
    private static List<Endpoint> credentialedEndpoints() {
        return List.of(
                get("/actuator/health"),
                get("/actuator/prometheus", Role.ADMIN),
                get("/actuator/info", Role.ADMIN),
                get("/actuator/health/master", Role.ADMIN),
                get("/status", ANY_ROLE),
                get("/table-timestamps", ANY_ROLE),
                get("/consistency-metrics", ANY_ROLE),
                get("/transactions?limit=1", ANY_ROLE),
                get("/no-such-endpoint", ANY_ROLE),
                get("/createdb?name=access_db", Role.ADMIN),
                get("/dropdb?name=access_db", Role.ADMIN),
                get("/admin/topology", Role.ADMIN),
                get("/admin/current-quorum", Role.ADMIN),
                get("/admin/verify/background", Role.ADMIN),
                get("/admin/stress-test/data-count", Role.ADMIN),
                post("/admin/failover", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/switchover", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/promote-leader", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/rejoin/instance-2", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/restart-old-master", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/verify", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/repair", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/stress-test/concurrent-writes", UNKNOWN_FIELD, Role.ADMIN),
                post("/admin/clear-data", null, Role.ADMIN));
    }

    /** Clients' SQL: through {@code /query} and the seed API, with the roles it needs of a remote caller. */
    private static List<Endpoint> sqlEndpoints(boolean loopbackTrusted) {
        Role[] readers = loopbackTrusted ? new Role[0] : new Role[] {Role.READER, Role.SERVICE};
        Role[] writers = loopbackTrusted ? new Role[0] : new Role[] {Role.WRITER, Role.SERVICE};
        return List.of(
                post("/query", READ, readers),
                post("/query", WRITE, writers),
                get("/ping", readers),
                get("/is-master", readers),
                get("/nodes", readers),
                get("/select?dbname=ddb&table=access_notes", readers),
                post("/insert", SEED_INSERT, writers),
                post("/update", "{\"dbname\": \"ddb\", \"table\": \"access_notes\", \"set\": \"note = 'z'\", \"where\": \"id = 1\"}", writers),
                post("/delete", "{\"dbname\": \"ddb\", \"table\": \"access_notes\", \"where\": \"id = 2\"}", writers),
                post("/createtable?dbname=ddb&table=access_more&schema=id%20INT%20PRIMARY%20KEY", null, writers));
    }

    static List<Endpoint> all(boolean loopbackTrusted) {
        List<Endpoint> endpoints = new ArrayList<>(sqlEndpoints(loopbackTrusted));
        endpoints.addAll(credentialedEndpoints());
        return endpoints;
    }

    static JsonNode json(HttpResponse<String> answer) {
        return JSON.readTree(answer.body());
    }

    static final String CREATE_TABLE =
            "CREATE TABLE IF NOT EXISTS access_notes (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20))";
}
