package dev.ddb.mysql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** How a Spring integration test hands the servers to the application under test. */
@LocalServers(count = 2)
@SpringJUnitConfig(DynamicPropertySourceTest.NoBeans.class)
class DynamicPropertySourceTest {

    @Configuration
    static class NoBeans {
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("ddb.instances", () -> LocalServersExtension.currentCluster().topology().spec());
    }

    @Value("${ddb.instances}")
    String instances;

    @Test
    void theSpringContextSeesTheRunningServersAsItsInstanceList(TestCluster cluster) {
        assertThat(instances).isEqualTo(cluster.topology().spec());
    }
}
