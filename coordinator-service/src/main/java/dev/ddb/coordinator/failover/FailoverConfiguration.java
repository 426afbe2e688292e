package dev.ddb.coordinator.failover;

import dev.ddb.coordinator.binlog.ReplicationSource;
import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.mysql.cluster.ReplicationMode;
import java.time.Duration;
import java.time.InstantSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.DbCredentials;

/** The failover and its detector, wired from {@code ddb.coordinator.failover.*}. */
@Configuration(proxyBeanMethods = false)
@Lazy
@EnableConfigurationProperties(FailoverProperties.class)
class FailoverConfiguration {

    /** Fencing and promotion statements are tiny; a server that takes longer than this is not one to wait for. */
    private static final Duration CONTROL_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    @Bean(destroyMethod = "close")
    SeerInAdvance seerInAdvance(FailoverProperties properties, Topology topology, ServiceToken serviceToken) {
        SeerClient seer = new SeerClient(properties.seerUrl(), properties.seerTimeout(), serviceToken);
        SeerInAdvance inAdvance = new SeerInAdvance(excluded -> seer.elect(excluded).leaderId(),
                () -> topology.master().id(), properties.seerMaxAge(), InstantSource.system());
        inAdvance.start(properties.seerRefresh());
        return inAdvance;
    }

    @Bean
    Failover failover(FailoverProperties properties, Topology topology, WritePath sequencer, ReplicaSet replicas,
            InstanceConnector connector, SeerInAdvance seer, Leadership leadership, CoordinatorProperties coordinator) {
        InstanceConnector control = ownConnections(coordinator, new InstanceConnector(DbCredentials.fromEnvironment(),
                properties.heartbeatTimeout(), CONTROL_STATEMENT_TIMEOUT));
        Failover failover = new Failover(topology, sequencer, replicas, connector, control, properties,
                PromotionRules.parse(properties.promotionRules()), seer, InstantSource.system());
        // A coordinator that never won a majority (most instances down since it started) still fails over as the
        // suite's only coordinator did before terms: only one that led and was overtaken is refused.
        failover.fenceWith(() -> leadership.term() > 0 ? leadership.term() : Long.MAX_VALUE);
        if (coordinator.mode() == ReplicationMode.BINLOG) {
            failover.replicateByBinlog(new ReplicationSource(DbCredentials.replicationFromEnvironment()));
        }
        return failover;
    }

    @Bean
    Rejoin rejoin(Topology topology, ReplicaSet replicas, InstanceConnector connector, CoordinatorProperties coordinator) {
        return new Rejoin(topology, replicas, connector, InstantSource.system(), coordinator.mode() == ReplicationMode.BINLOG);
    }

    @Bean(destroyMethod = "close")
    RejoinWatcher rejoinWatcher(FailoverProperties properties, Topology topology, ReplicaSet replicas, Rejoin rejoin,
            Failover failover, CoordinatorProperties coordinator) {
        InstanceConnector probe = ownConnections(coordinator, new InstanceConnector(DbCredentials.fromEnvironment(),
                properties.heartbeatTimeout(), CONTROL_STATEMENT_TIMEOUT));
        RejoinWatcher watcher = new RejoinWatcher(topology, replicas, rejoin, failover, probe);
        if (properties.autoRejoin()) {
            watcher.start(properties.rejoinCheckInterval());
        }
        return watcher;
    }

    @Bean(destroyMethod = "close")
    MasterHeartbeat masterHeartbeat(FailoverProperties properties, Topology topology, WritePath sequencer, Failover failover,
            CoordinatorProperties coordinator) {
        InstanceConnector probe = ownConnections(coordinator, new InstanceConnector(DbCredentials.fromEnvironment(),
                properties.heartbeatTimeout(), properties.heartbeatTimeout()));
        MasterHeartbeat heartbeat = new MasterHeartbeat(topology, probe, failover, properties);
        sequencer.onMasterConnectionLost(heartbeat::suspect);
        heartbeat.start();
        return heartbeat;
    }

    /** In the binlog mode what the failover writes on an instance (epochs, roles) is the instance's own: out of its binary log. */
    private static InstanceConnector ownConnections(CoordinatorProperties coordinator, InstanceConnector connector) {
        return coordinator.mode() == ReplicationMode.BINLOG ? connector.withoutBinaryLog() : connector;
    }
}
