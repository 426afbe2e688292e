package dev.ddb.stress.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole run as report.json holds it, field names in snake_case.
 *
 * @param replicationMode as the coordinator's {@code GET /status} named it, which decided the log invariants checked
 */
record RunReport(String runId, String startedAt, String coordinator, String replicationMode,
                 List<String> scenariosRequested, boolean passed, List<String> violations, List<ScenarioReport> scenarios) {

    static final String JSON_FILE = "report.json";
    static final String HTML_FILE = "report.html";

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Writes report.json and report.html into {@code directory}, creating it if needed. */
    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(JSON_FILE), JSON.writeValueAsString(this) + System.lineSeparator());
        Files.writeString(directory.resolve(HTML_FILE), HtmlReport.render(this));
    }
}
