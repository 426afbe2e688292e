package dev.ddb.mysql.testing;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract on mysql:8.4 containers; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerServersContractTest extends ProvisionedServersContract {

    @Container
    private static final ContainerTestCluster CLUSTER = new ContainerTestCluster(2);

    ContainerServersContractTest() {
        super(CLUSTER);
    }
}
