package dev.ddb.coordinator.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;

@Configuration(proxyBeanMethods = false)
@Lazy
class AdminConfiguration {

    @Bean
    ClearData clearData(Topology topology, InstancePools pools, WritePath sequencer, CoordinatorProperties properties) {
        return new ClearData(topology, pools::dataSource, sequencer, properties.database(), properties.writeTimeout());
    }
}
