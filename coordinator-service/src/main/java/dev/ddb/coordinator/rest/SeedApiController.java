package dev.ddb.coordinator.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.api.QueryRequest;
import dev.ddb.coordinator.api.QueryResponse;
import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's REST API: database and table management and CRUD without writing SQL. Each call
 * becomes one statement that takes {@code POST /query}'s path (classifier, sequencer, log,
 * replication), so it is checked, ordered and replicated like any other.
 *
 * <p>The coordinator is the cluster's one entry point for writes, so it answers {@code isMaster:
 * true}; which instance currently holds the master role is in {@code master}.
 */
@RestController
@Lazy
class SeedApiController {

    private static final Set<String> INSERT_FIELDS = Set.of("dbname", "table", "values", "records", "consistency");
    private static final Set<String> UPDATE_FIELDS = Set.of("dbname", "table", "set", "where", "consistency");
    private static final Set<String> DELETE_FIELDS = Set.of("dbname", "table", "where", "consistency");
    private static final Set<String> CREATE_TABLE_FIELDS = Set.of("columns");
    private static final Set<String> COLUMN_FIELDS = Set.of("Name", "DataType");

    private final QueryExecution execution;
    private final Topology topology;
    private final String defaultDatabase;

    SeedApiController(QueryExecution execution, Topology topology, CoordinatorProperties properties) {
        this.execution = execution;
        this.topology = topology;
        this.defaultDatabase = properties.database();
    }

    @GetMapping(value = "/ping", produces = MediaType.TEXT_PLAIN_VALUE)
    String ping() {
        return "pong";
    }

    @GetMapping("/is-master")
    Map<String, Object> isMaster() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("isMaster", true);
        answer.put("master", topology.master().id());
        answer.put("epoch", topology.epoch());
        return answer;
    }

    @GetMapping("/nodes")
    Map<String, Object> nodes() {
        InstanceAddress master = topology.master();
        Map<String, String> addresses = new LinkedHashMap<>();
        topology.instances().forEach(instance -> addresses.put(instance.id(), hostPort(instance)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("master", master.id());
        answer.put("slaves", topology.replicas().stream().map(InstanceAddress::id).toList());
        answer.put("isMaster", true);
        answer.put("epoch", topology.epoch());
        answer.put("addresses", addresses);
        return answer;
    }

    @GetMapping("/createdb")
    SeedMessage createDatabase(@RequestParam(required = false) String name,
            @RequestParam(required = false) String consistency) {
        return run(SeedStatement.createDatabase(name), consistency, "Database created successfully");
    }

    @GetMapping("/dropdb")
    SeedMessage dropDatabase(@RequestParam(required = false) String name,
            @RequestParam(required = false) String consistency) {
        if (defaultDatabase.equalsIgnoreCase(name)) {
            throw new InvalidRequestException("DEFAULT_DATABASE", "'" + name + "' is the coordinator's default database"
                    + " (ddb.coordinator.database), which every connection opens; it cannot be dropped.");
        }
        return run(SeedStatement.dropDatabase(name), consistency, "Database dropped successfully");
    }

    @PostMapping("/createtable")
    SeedMessage createTable(@RequestParam(required = false) String dbname, @RequestParam(required = false) String table,
            @RequestParam(required = false) String schema, @RequestParam(required = false) String consistency,
            @RequestBody(required = false) JsonNode body) {
        String columns;
        if (schema != null) {
            if (body != null && !body.isNull()) {
                throw new InvalidRequestException("INVALID_REQUEST", "Give the columns either in 'schema' or in the body's"
                        + " 'columns', not both.");
            }
            columns = ColumnDefinitions.fromSchema(schema);
        } else {
            JsonFields fields = JsonFields.of(body, "/createtable", CREATE_TABLE_FIELDS);
            List<ColumnDefinitions.Column> definitions = new ArrayList<>();
            for (JsonFields column : fields.objects("columns", "/createtable", COLUMN_FIELDS)) {
                definitions.add(new ColumnDefinitions.Column(column.text("Name"), column.text("DataType")));
            }
            columns = ColumnDefinitions.fromColumns(definitions);
        }
        return run(SeedStatement.createTable(dbname, table, columns), consistency, "Table created successfully");
    }

    @PostMapping("/insert")
    SeedMessage insert(@RequestBody(required = false) JsonNode body) {
        JsonFields fields = JsonFields.of(body, "/insert", INSERT_FIELDS);
        boolean hasValues = fields.has("values");
        if (hasValues == fields.has("records")) {
            throw new InvalidRequestException("INVALID_REQUEST", "Give exactly one of 'values' (a list of literals in"
                    + " column order) or 'records' (an object of column to value).");
        }
        SeedStatement statement = hasValues
                ? SeedStatement.insertValues(fields.text("dbname"), fields.text("table"), fields.text("values"))
                : SeedStatement.insertRecord(fields.text("dbname"), fields.text("table"), fields.values("records"));
        return run(statement, fields.text("consistency"), "Record inserted successfully");
    }

    /** The rows as the seed returns them: a bare JSON array of column-to-value objects. */
    @GetMapping("/select")
    List<Map<String, Object>> select(@RequestParam(required = false) String dbname,
            @RequestParam(required = false) String table, @RequestParam(required = false) String consistency) {
        SeedStatement statement = SeedStatement.selectAll(dbname, table);
        return execution.execute(request(statement, consistency)).data();
    }

    @PostMapping("/update")
    SeedMessage update(@RequestBody(required = false) JsonNode body) {
        JsonFields fields = JsonFields.of(body, "/update", UPDATE_FIELDS);
        SeedStatement statement = SeedStatement.update(fields.text("dbname"), fields.text("table"), fields.text("set"),
                fields.text("where"));
        return run(statement, fields.text("consistency"), "Record updated successfully");
    }

    @PostMapping("/delete")
    SeedMessage delete(@RequestBody(required = false) JsonNode body) {
        JsonFields fields = JsonFields.of(body, "/delete", DELETE_FIELDS);
        SeedStatement statement = SeedStatement.delete(fields.text("dbname"), fields.text("table"), fields.text("where"));
        return run(statement, fields.text("consistency"), "Record deleted successfully");
    }

    private SeedMessage run(SeedStatement statement, String consistency, String message) {
        QueryResponse response = execution.execute(request(statement, consistency));
        return new SeedMessage(message, response.txnId(), response.timestamp(), response.rowsAffected(),
                response.lastInsertId());
    }

    private static QueryRequest request(SeedStatement statement, String consistency) {
        return new QueryRequest(statement.sql(), null, statement.params(), consistency, null, null);
    }

    private static String hostPort(InstanceAddress instance) {
        return (instance.host().contains(":") ? "[" + instance.host() + "]" : instance.host()) + ":" + instance.port();
    }
}
