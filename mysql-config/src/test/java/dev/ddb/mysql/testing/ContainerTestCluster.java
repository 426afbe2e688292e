package dev.ddb.mysql.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.ddb.mysql.cluster.DbCredentials;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A {@link TestCluster} of mysql:8.4 containers set up with the same files docker-compose mounts:
 * server.cnf, schema.sql and the instance init script. A kill is docker's SIGKILL of the container,
 * a start is docker start on the same container, so data and prepared XA transactions persist.
 */
final class ContainerTestCluster implements TestCluster, Startable {

    private static final DockerImageName IMAGE = DockerImageName.parse("mysql:8.4");
    private static final Path INSTANCE_INIT_SCRIPT = Path.of("docker/02-instance.sh");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private final int count;
    private final DbCredentials credentials = DbCredentials.fromEnvironment();
    private final List<ClusterInstance> instances = new ArrayList<>();

    ContainerTestCluster(int count) {
        this.count = count;
    }

    @Override
    public void start() {
        for (int n = 1; n <= count; n++) {
            String id = "instance-" + n;
            // The override replaces Testcontainers' own tuning in conf.d; mysqld reads only the .cnf files there.
            MySQLContainer container = new MySQLContainer(IMAGE)
                    .withConfigurationOverride("ddb")
                    .withDatabaseName("ddb")
                    .withUsername(credentials.user())
                    .withPassword(credentials.password())
                    .withEnv("DDB_INSTANCE_ID", id)
                    .withCopyFileToContainer(MountableFile.forClasspathResource("ddb/schema.sql"),
                            "/docker-entrypoint-initdb.d/01-schema.sql")
                    .withCopyFileToContainer(MountableFile.forHostPath(INSTANCE_INIT_SCRIPT, 0755),
                            "/docker-entrypoint-initdb.d/02-instance.sh");
            container.start();
            instances.add(new ContainerInstance(id, container, credentials));
        }
    }

    @Override
    public void stop() {
        instances.forEach(instance -> ((ContainerInstance) instance).container.stop());
    }

    @Override
    public List<ClusterInstance> instances() {
        return instances;
    }

    @Override
    public DbCredentials credentials() {
        return credentials;
    }

    private static final class ContainerInstance implements ClusterInstance {

        private final String id;
        private final MySQLContainer container;
        private final DbCredentials credentials;

        ContainerInstance(String id, MySQLContainer container, DbCredentials credentials) {
            this.id = id;
            this.container = container;
            this.credentials = credentials;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        /** Read from docker each time: a restarted container gets a new host port. */
        @Override
        public int port() {
            Ports.Binding[] bindings = docker().inspectContainerCmd(container.getContainerId()).exec()
                    .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(MySQLContainer.MYSQL_PORT));
            return Integer.parseInt(bindings[0].getHostPortSpec());
        }

        @Override
        public void kill() {
            docker().killContainerCmd(container.getContainerId()).withSignal("SIGKILL").exec();
            awaitStopped();
        }

        @Override
        public void stop() {
            docker().stopContainerCmd(container.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            awaitStopped();
        }

        @Override
        public void start() {
            docker().startContainerCmd(container.getContainerId()).exec();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                try (Connection ignored = DriverManager.getConnection(jdbcUrl("ddb"), credentials.user(), credentials.password())) {
                    return;
                } catch (SQLException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(id + " did not accept connections after docker start: "
                                + notYet.getMessage() + "\n" + container.getLogs(), notYet);
                    }
                    pause();
                }
            }
        }

        @Override
        public boolean isRunning() {
            return Boolean.TRUE.equals(docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning());
        }

        private void awaitStopped() {
            while (isRunning()) {
                pause();
            }
        }

        private static DockerClient docker() {
            return DockerClientFactory.instance().client();
        }

        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a container", e);
            }
        }
    }
}
