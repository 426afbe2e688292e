package dev.ddb.coordinator.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ddb.coordinator.api.ConsistencyMetrics;
import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.failover.Failover;
import dev.ddb.coordinator.failover.Rejoin;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.sequencer.Sequencer;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;

@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    ClusterStatus clusterStatus(Topology topology, ReplicaSet replicas, Sequencer sequencer, CabinetWeights quorum,
            Failover failover, Rejoin rejoin) {
        return new ClusterStatus(topology, replicas, sequencer, quorum, failover, rejoin);
    }

    @Bean
    CoordinatorMeters coordinatorMeters(ConsistencyMetrics queries, Sequencer sequencer, ReplicaSet replicas,
            Topology topology, Failover failover) {
        return new CoordinatorMeters(queries, sequencer, replicas, topology, failover);
    }

    @Bean(destroyMethod = "close")
    TableTimestamps tableTimestamps(Topology topology, InstancePools pools, CoordinatorProperties properties) {
        TableTimestamps tableTimestamps = new TableTimestamps(topology, pools::dataSource, properties.database());
        tableTimestamps.warmUp();
        return tableTimestamps;
    }
}
