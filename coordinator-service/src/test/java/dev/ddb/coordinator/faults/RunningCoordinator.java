package dev.ddb.coordinator.faults;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ddb.coordinator.CoordinatorApplication;
import dev.ddb.coordinator.api.HttpFront;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.timestamp.ContractTimestampServer;
import dev.ddb.mysql.testing.TestCluster;

/** A coordinator application of its own, with timestamp servers that start from nothing. */
record RunningCoordinator(ConfigurableApplicationContext context, ContractTimestampServer odd,
        ContractTimestampServer even) implements AutoCloseable {

    static RunningCoordinator start(TestCluster cluster, String... settings) {
        ContractTimestampServer odd = new ContractTimestampServer(1, 2).start();
        ContractTimestampServer even = new ContractTimestampServer(2, 2).start();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--ddb.coordinator.http.port=0",
                "--ddb.coordinator.instances=" + cluster.topology().spec(),
                "--ddb.timestamp.urls=" + odd.url() + "," + even.url()));
        arguments.addAll(List.of(settings));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CoordinatorApplication.class)
                .run(arguments.toArray(String[]::new));
        return new RunningCoordinator(context, odd, even);
    }

    CoordinatorHttp client() {
        return new CoordinatorHttp(context.getEnvironment().getRequiredProperty(HttpFront.LOCAL_PORT_PROPERTY, Integer.class),
                CoordinatorHttp.PATIENT_READ_TIMEOUT);
    }

    @Override
    public void close() {
        context.close();
        odd.stop();
        even.stop();
    }
}
