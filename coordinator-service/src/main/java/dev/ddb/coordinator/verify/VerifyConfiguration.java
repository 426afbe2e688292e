package dev.ddb.coordinator.verify;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.schema.MasterSchema;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;

@Configuration(proxyBeanMethods = false)
@Lazy
@EnableConfigurationProperties(VerifyProperties.class)
class VerifyConfiguration {

    @Bean
    Divergences divergences() {
        return new Divergences();
    }

    @Bean
    ChunkChecker chunkChecker(WritePath sequencer, Topology topology, InstancePools pools, ReplicaSet replicas,
            MasterSchema schema, VerifyProperties properties) {
        return new ChunkChecker(sequencer, topology, pools::dataSource, replicas::reachable, schema::version,
                properties.patience());
    }

    @Bean(destroyMethod = "close")
    Verifications verifications(ChunkChecker checker, Divergences divergences, Topology topology,
            CoordinatorProperties coordinator, VerifyProperties properties) {
        return new Verifications(checker, divergences, topology, coordinator.database(), properties.chunkRows());
    }

    @Bean
    Repair repair(ChunkChecker checker, Divergences divergences, Verifications verifications, WritePath sequencer,
            Topology topology) {
        return new Repair(checker, divergences, verifications, sequencer, topology);
    }

    @Bean(destroyMethod = "close")
    BackgroundVerifier backgroundVerifier(ChunkChecker checker, Divergences divergences, Topology topology,
            VerifyProperties properties) {
        BackgroundVerifier verifier = new BackgroundVerifier(checker, divergences, topology, properties.chunkRows(),
                properties.pace());
        verifier.start(properties.background());
        return verifier;
    }
}
