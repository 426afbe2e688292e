package dev.ddb.mysql.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml must run what ./ddb up runs by default: the same names, ports and service environment. */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<Suite.ServiceDefinition> SERVICES = Suite.definitions(LauncherSettings.DEFAULT_COORDINATORS);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Object>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> services, String name) {
        return (Map<String, Object>) services.get(name);
    }

    @Test
    void everyLauncherServiceRunsInComposeOnTheSamePortWithTheSameSettings() throws IOException {
        Map<String, Object> services = services();
        for (Suite.ServiceDefinition definition : SERVICES) {
            Map<String, Object> service = service(services, definition.name());
            assertThat(service).as(definition.name()).isNotNull();
            assertThat((Map<String, Object>) service.get("build")).as(definition.name())
                    .extracting(build -> ((Map<?, ?>) build.get("args")).get("MODULE")).isEqualTo(definition.module());
            assertThat((List<String>) service.get("ports")).as(definition.name())
                    .containsExactly(definition.defaultPort() + ":" + definition.defaultPort());
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            assertThat(environment).as(definition.name()).containsEntry("PORT", Integer.toString(definition.defaultPort()));
            definition.environment().forEach((key, value) ->
                    assertThat(environment).as(definition.name()).containsEntry(key, value));
            assertThat(environment).as(definition.name()).containsKeys("DDB_INSTANCES", "DDB_DB_USER", "DDB_DB_PASSWORD",
                    "DDB_TIMESTAMP_URLS", "DDB_METRICS_URL", "DDB_CABINET_URL", "DDB_SEER_URL");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeServiceRequiresCredentialsFromEveryCaller() throws IOException {
        Map<String, Object> services = services();
        for (Suite.ServiceDefinition definition : SERVICES) {
            Map<String, Object> environment = (Map<String, Object>) service(services, definition.name()).get("environment");
            assertThat(environment).as(definition.name()).containsEntry("DDB_AUTH", "required")
                    .containsEntry("DDB_BIND_ADDRESS", "0.0.0.0")
                    .containsEntry("DDB_SERVICE_TOKEN", "${DDB_SERVICE_TOKEN:-}")
                    .containsKeys("DDB_USERS", "DDB_TOKENS", "DDB_CORS_ALLOWED_ORIGINS");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeCoordinatorKnowsEveryCoordinatorInIdOrderAndIsRestartedWhenDeposed() throws IOException {
        Map<String, Object> services = services();
        List<Suite.ServiceDefinition> coordinators = SERVICES.stream().filter(Suite.ServiceDefinition::isCoordinator).toList();
        String urls = String.join(",", coordinators.stream()
                .map(definition -> "http://" + definition.name() + ":" + definition.defaultPort()).toList());

        assertThat(coordinators).hasSize(2);
        for (Suite.ServiceDefinition definition : coordinators) {
            Map<String, Object> service = service(services, definition.name());
            assertThat((Map<String, Object>) service.get("environment")).as(definition.name())
                    .containsEntry("DDB_COORDINATOR_URLS", urls)
                    .containsEntry("DDB_COORDINATOR_ID", definition.name())
                    .containsEntry("DDB_RESTART_WHEN_DEPOSED", "true");
            assertThat(service.get("restart")).as(definition.name()).isEqualTo("on-failure");
        }
    }

    @Test
    void everyLauncherInstanceRunsInComposeOnTheSameHostPort() throws IOException {
        Map<String, Object> services = services();
        for (int i = 1; i <= Suite.INSTANCE_COUNT; i++) {
            Map<String, Object> instance = service(services, "instance-" + i);
            assertThat(instance).as("instance-" + i).isNotNull();
            assertThat(instance.get("ports")).isEqualTo(List.of((Suite.FIRST_INSTANCE_PORT + i - 1) + ":3306"));
        }
        long composeServices = services.keySet().stream().count();
        assertThat(composeServices).isEqualTo(Suite.INSTANCE_COUNT + SERVICES.size());
    }

    @Test
    void composeFileIsValidForDockerCompose() throws Exception {
        assumeTrue(isOnPath("docker-compose"), "docker-compose is not installed; .ci/run installs it");
        Process process = new ProcessBuilder("docker-compose", "config", "-q").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean isOnPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
