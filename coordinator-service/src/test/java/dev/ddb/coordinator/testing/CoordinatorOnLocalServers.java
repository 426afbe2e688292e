package dev.ddb.coordinator.testing;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ddb.coordinator.timestamp.ContractTimestampServer;
import dev.ddb.mysql.testing.LocalServersExtension;

/**
 * A whole coordinator on a random port in front of the servers a subclass's {@code @LocalServers} starts, with two
 * stand-in timestamp services (odd and even values, shared by every subclass and never stopped) and an HTTP client.
 * A subclass that needs other settings declares its own {@code @SpringBootTest(properties = ...)}; the context is
 * dropped after each class, so no coordinator outlives the servers it wrote to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class CoordinatorOnLocalServers {

    private static final ContractTimestampServer ODD = new ContractTimestampServer(1, 2).start();
    private static final ContractTimestampServer EVEN = new ContractTimestampServer(2, 2).start();

    @Value("${local.coordinator.port}")
    protected int port;

    protected CoordinatorHttp http;

    @DynamicPropertySource
    static void coordinatorInFrontOfTheServers(DynamicPropertyRegistry registry) {
        registry.add("ddb.coordinator.instances", () -> LocalServersExtension.currentCluster().topology().spec());
        registry.add("ddb.timestamp.urls", () -> ODD.url() + "," + EVEN.url());
    }

    @BeforeEach
    void connectTheHttpClient() {
        http = new CoordinatorHttp(port);
    }
}
