package dev.ddb.coordinator.status;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.micrometer.core.instrument.MeterRegistry;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.failover.Failover;
import dev.ddb.coordinator.failover.Rejoin;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.coordinator.verify.BackgroundVerifier;
import dev.ddb.coordinator.verify.Divergences;
import dev.ddb.mysql.cluster.ReplicationMode;

@Configuration(proxyBeanMethods = false)
@Lazy
class StatusConfiguration {

    @Bean
    ClusterStatus clusterStatus(Leadership leadership, Campaign campaign, Topology topology, ReplicaSet replicas,
            WritePath sequencer, CabinetWeights quorum, Failover failover, Rejoin rejoin, Divergences divergences,
            CoordinatorProperties properties) {
        return new ClusterStatus(leadership, campaign, topology, replicas, sequencer, quorum, failover, rejoin, divergences,
                properties.mode().id());
    }

    @Bean(destroyMethod = "close")
    LogSizes logSizes(Topology topology, InstancePools pools) {
        return new LogSizes(topology, pools::dataSource, Duration.ofMinutes(1));
    }

    @Bean
    CoordinatorMeters coordinatorMeters(WritePath sequencer, ReplicaSet replicas,
            Topology topology, Failover failover, LogSizes logSizes, Divergences divergences, BackgroundVerifier verifier,
            MeterRegistry registry) {
        CoordinatorMeters meters = new CoordinatorMeters(sequencer, replicas, topology, failover, logSizes,
                divergences, verifier);
        meters.bindTo(registry);
        return meters;
    }

    @Bean(destroyMethod = "close")
    TableTimestamps tableTimestamps(Topology topology, InstancePools pools, CoordinatorProperties properties) {
        TableTimestamps tableTimestamps = new TableTimestamps(topology, pools::dataSource, properties.database(),
                properties.mode() == ReplicationMode.BINLOG);
        tableTimestamps.warmUp();
        return tableTimestamps;
    }
}
