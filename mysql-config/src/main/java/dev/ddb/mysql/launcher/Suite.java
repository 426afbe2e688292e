package dev.ddb.mysql.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.ddb.auth.AuthSettings;
import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.server.LocalServer;
import dev.ddb.mysql.server.ServerBinary;
import dev.ddb.mysql.server.ServerLayout;

/**
 * The processes of a local suite, their ports and the environment each service gets: four instances,
 * {@code DDB_COORDINATORS} coordinators and five helper services. This table is the launcher's whole
 * configuration; docker-compose.yml mirrors it with the default number of coordinators (a test keeps
 * the two in step). The services get the suite's credentials ({@code .ddb/credentials}, made on the
 * first start): every one the users and tokens to verify, the ones that call others the service
 * token, the rest only its SHA-256. Every coordinator learns every coordinator's URL, in id order,
 * and that the launcher starts it again when it exits deposed ({@link ServiceComponent}).
 */
final class Suite {

    static final int INSTANCE_COUNT = 4;
    static final int FIRST_INSTANCE_PORT = 3307;
    /** Where services listen unless DDB_BIND_ADDRESS says otherwise: this machine only. */
    static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The modules that call other services, so need the service token itself rather than its digest. */
    static final Set<String> CALLERS_OF_SERVICES = Set.of("coordinator-service", "cabinet-service", "seer-service");

    static final String COORDINATOR_MODULE = "coordinator-service";
    /** What users typed before there were several coordinators; it still names the first. */
    static final String COORDINATOR_ALIAS = "coordinator";
    static final int FIRST_COORDINATOR_PORT = 9000;
    /** coordinator-1 on 9000, coordinator-2 on 9010, ...: clear of the helpers' 9001-9005. */
    static final int COORDINATOR_PORT_STEP = 10;
    static final String COORDINATOR_ID = "DDB_COORDINATOR_ID";
    static final String COORDINATOR_URLS = "DDB_COORDINATOR_URLS";
    /** Tells a coordinator that a supervisor starts it again when it exits with {@link ServiceComponent#DEPOSED_EXIT_STATUS}. */
    static final String RESTART_WHEN_DEPOSED = "DDB_RESTART_WHEN_DEPOSED";

    /** Service name, module, default port, extra environment. */
    record ServiceDefinition(String name, String module, int defaultPort, Map<String, String> environment) {

        boolean isCoordinator() {
            return module.equals(COORDINATOR_MODULE);
        }
    }

    /** The services besides the coordinators. */
    static final List<ServiceDefinition> HELPERS = List.of(
            new ServiceDefinition("timestamp-1", "timestamp-service", 9001, Map.of(
                    "TIMESTAMP_SERVER_INDEX", "1", "TIMESTAMP_SERVER_COUNT", "2", "TIMESTAMP_SERVER_ID", "timestamp-1")),
            new ServiceDefinition("timestamp-2", "timestamp-service", 9002, Map.of(
                    "TIMESTAMP_SERVER_INDEX", "2", "TIMESTAMP_SERVER_COUNT", "2", "TIMESTAMP_SERVER_ID", "timestamp-2")),
            new ServiceDefinition("metrics", "metrics-service", 9003, Map.of()),
            new ServiceDefinition("cabinet", "cabinet-service", 9004, Map.of()),
            new ServiceDefinition("seer", "seer-service", 9005, Map.of()));

    /** Every service of a suite with this many coordinators; coordinators first so they are easy to find. */
    static List<ServiceDefinition> definitions(int coordinators) {
        List<ServiceDefinition> all = new ArrayList<>();
        for (int i = 1; i <= coordinators; i++) {
            all.add(new ServiceDefinition(coordinatorName(i), COORDINATOR_MODULE, coordinatorPort(i),
                    Map.of(COORDINATOR_ID, coordinatorName(i), RESTART_WHEN_DEPOSED, "true")));
        }
        all.addAll(HELPERS);
        return List.copyOf(all);
    }

    /**
     * The highest coordinator number with a pid file: a suite started with more coordinators than DDB_COORDINATORS
     * now says is still this suite's, so {@code ./ddb down} or {@code status} without the variable sees them all.
     */
    private static int highestStartedCoordinator(LauncherSettings settings) {
        int highest = 0;
        for (int i = 1; i <= LauncherSettings.MOST_COORDINATORS; i++) {
            if (Files.exists(ServiceComponent.pidFile(settings, coordinatorName(i)))) {
                highest = i;
            }
        }
        return highest;
    }

    static String coordinatorName(int i) {
        return COORDINATOR_ALIAS + "-" + i;
    }

    /** Without the port offset. */
    static int coordinatorPort(int i) {
        return FIRST_COORDINATOR_PORT + (i - 1) * COORDINATOR_PORT_STEP;
    }

    private final LauncherSettings settings;
    private final int coordinators;
    private final List<InstanceComponent> instances = new ArrayList<>();
    private final List<ServiceComponent> services = new ArrayList<>();
    private SuiteCredentials credentials;
    /** The run directory's record of the replication mode its instances were set up for. */
    static final String REPLICATION_MODE_FILE = "replication-mode";

    Suite(LauncherSettings settings, ServerBinary binary) {
        this.settings = settings;
        this.coordinators = Math.max(settings.coordinators(), highestStartedCoordinator(settings));
        for (int i = 1; i <= INSTANCE_COUNT; i++) {
            String name = "instance-" + i;
            ServerLayout layout = new ServerLayout(name, port(FIRST_INSTANCE_PORT + i - 1), settings.runDir().resolve(name));
            instances.add(new InstanceComponent(new LocalServer(layout, binary, settings.credentials(), settings.reader(),
                    settings.replication(), settings.mode())));
        }
        for (ServiceDefinition definition : definitions(coordinators)) {
            int port = port(definition.defaultPort());
            services.add(new ServiceComponent(definition.name(), port, jarOf(definition.module()),
                    () -> environment(definition, port), definition.isCoordinator(), settings));
        }
    }

    private Map<String, String> environment(ServiceDefinition definition, int port) {
        Map<String, String> env = new LinkedHashMap<>(commonEnvironment());
        env.putAll(definition.environment());
        env.put("PORT", Integer.toString(port));
        if (definition.isCoordinator()) {
            env.put(COORDINATOR_URLS, String.join(",", coordinatorUrls()));
        }
        if (definition.module().equals("timestamp-service")) {
            env.put("TIMESTAMP_STATE_DIR", settings.runDir().resolve(definition.name()).toString());
        }
        SuiteCredentials suite = credentials();
        env.put(AuthSettings.USERS, suite.users());
        env.put(AuthSettings.TOKENS, suite.tokens());
        if (CALLERS_OF_SERVICES.contains(definition.module())) {
            env.put(AuthSettings.SERVICE_TOKEN, suite.serviceToken());
        } else {
            env.put(AuthSettings.SERVICE_TOKEN_SHA256, suite.serviceTokenSha256());
        }
        return env;
    }

    /**
     * Records the replication mode in the run directory the first time, and refuses a later start in the other mode:
     * the instances' data, binary logs and replication state belong to the mode they ran in. A run directory from
     * before the mode was recorded ran the timestamp log.
     *
     * @throws IllegalStateException naming both modes and the two ways out
     */
    void requireReplicationMode() {
        Path file = settings.runDir().resolve(REPLICATION_MODE_FILE);
        ReplicationMode wanted = settings.mode();
        try {
            if (Files.exists(file)) {
                ReplicationMode recorded = ReplicationMode.parse(Files.readString(file).trim());
                if (recorded != wanted) {
                    throw new IllegalStateException(settings.runDir() + " holds a suite of the " + recorded.id()
                            + " replication mode, and " + ReplicationMode.VARIABLE + " asks for " + wanted.id()
                            + ": its instances' data and replication state belong to their mode. Set "
                            + ReplicationMode.VARIABLE + "=" + recorded.id() + ", or run ./ddb down and delete "
                            + settings.runDir() + " (its data goes with it) to start over in the " + wanted.id() + " mode.");
                }
                return;
            }
            boolean provisioned = instances.stream().anyMatch(instance -> Files.exists(settings.runDir().resolve(instance.name())));
            if (provisioned && wanted != ReplicationMode.TIMESTAMP_LOG) {
                throw new IllegalStateException(settings.runDir() + " holds a suite of the timestamp-log replication mode"
                        + " (it was set up before the mode was recorded), and " + ReplicationMode.VARIABLE + " asks for "
                        + wanted.id() + ". Run ./ddb down and delete " + settings.runDir() + " to start over in the "
                        + wanted.id() + " mode.");
            }
            Files.createDirectories(settings.runDir());
            Files.writeString(file, (provisioned ? ReplicationMode.TIMESTAMP_LOG : wanted).id() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The suite's credentials, made and written to {@code .ddb/credentials} the first time a service starts. */
    synchronized SuiteCredentials credentials() {
        if (credentials == null) {
            try {
                credentials = SuiteCredentials.loadOrCreate(settings.credentialsFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write " + settings.credentialsFile() + ": " + e.getMessage(), e);
            }
        }
        return credentials;
    }

    /** Every coordinator's base URL, in id order: the i-th belongs to coordinator-i. */
    List<String> coordinatorUrls() {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= coordinators; i++) {
            urls.add("http://127.0.0.1:" + port(coordinatorPort(i)));
        }
        return urls;
    }

    private int port(int defaultPort) {
        return defaultPort + settings.portOffset();
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DDB_INSTANCES", instances.stream()
                .map(i -> i.name() + "=127.0.0.1:" + i.port())
                .collect(Collectors.joining(",")));
        env.put("DDB_DB_USER", settings.credentials().user());
        env.put("DDB_DB_PASSWORD", settings.credentials().password());
        env.put(DbCredentials.READ_USER_VARIABLE, settings.reader().user());
        env.put(DbCredentials.READ_PASSWORD_VARIABLE, settings.reader().password());
        env.put(DbCredentials.REPLICATION_USER_VARIABLE, settings.replication().user());
        env.put(DbCredentials.REPLICATION_PASSWORD_VARIABLE, settings.replication().password());
        env.put(ReplicationMode.VARIABLE, settings.mode().id());
        env.put("DDB_TIMESTAMP_URLS", "http://127.0.0.1:" + port(9001) + ",http://127.0.0.1:" + port(9002));
        env.put("DDB_METRICS_URL", "http://127.0.0.1:" + port(9003));
        env.put("DDB_CABINET_URL", "http://127.0.0.1:" + port(9004));
        env.put("DDB_SEER_URL", "http://127.0.0.1:" + port(9005));
        if (System.getenv("DDB_BIND_ADDRESS") == null) {
            env.put("DDB_BIND_ADDRESS", DEFAULT_BIND_ADDRESS);
        }
        return env;
    }

    /** The module's executable jar, whatever its version; the launcher's own jar and Boot's originals excluded. */
    private Path jarOf(String module) {
        Path target = settings.home().resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElse(target.resolve(module + ".jar"));
        } catch (IOException e) {
            return target.resolve(module + ".jar");
        }
    }

    List<InstanceComponent> instances() {
        return instances;
    }

    List<ServiceComponent> services() {
        return services;
    }

    /** Databases first, then services: the order to start in (and the reverse to stop in). */
    List<Component> all() {
        List<Component> all = new ArrayList<>(instances);
        all.addAll(services);
        return all;
    }

    /** By name; {@code coordinator} names coordinator-1. */
    Optional<Component> find(String name) {
        String wanted = name.equals(COORDINATOR_ALIAS) ? coordinatorName(1) : name;
        return all().stream().filter(c -> c.name().equals(wanted)).findFirst();
    }

    List<String> names() {
        return all().stream().map(Component::name).toList();
    }

    LauncherSettings settings() {
        return settings;
    }
}
