package dev.ddb.coordinator.stress;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;

@Configuration(proxyBeanMethods = false)
@Lazy
@EnableConfigurationProperties(StressTestProperties.class)
class StressTestConfiguration {

    @Bean
    StressTests stressTests(QueryExecution execution, Topology topology, InstancePools pools,
            CoordinatorProperties coordinator, StressTestProperties properties) {
        return new StressTests(new InProcessQueries(execution), new StressRowCounts(topology, pools::dataSource,
                coordinator.database()), properties.clients());
    }
}
