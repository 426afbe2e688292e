package dev.ddb.coordinator.leader;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.ClusterTopology;
import tools.jackson.databind.json.JsonMapper;

/** The election: who the other coordinators are, the heartbeats, the terms and the leader's parts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaderProperties.class)
class LeaderConfiguration {

    @Bean
    Peers peers(CoordinatorProperties coordinator, LeaderProperties properties) {
        return Peers.parse(coordinator.id(), properties.coordinatorUrls());
    }

    @Bean
    PeerWatch peerWatch(Peers peers, LeaderProperties properties, ServiceToken serviceToken, JsonMapper json) {
        return new PeerWatch(peers, properties.heartbeatInterval(), properties.peerTimeout(), serviceToken, json);
    }

    @Bean
    Leadership leadership(CoordinatorProperties properties, ClusterTopology cluster, InstanceConnector connector) {
        return new Leadership(properties.id(), cluster.instances(), connector::open);
    }

    @Bean
    LeaderEngine leaderEngine(BeanFactory beans, ClusterTopology cluster, PeerWatch watch) {
        return new LeaderEngine(beans, cluster, watch);
    }

    @Bean
    Campaign campaign(Peers peers, Leadership leadership, PeerWatch watch, LeaderEngine engine, LeaderProperties properties) {
        return new Campaign(peers, leadership, watch, engine, properties);
    }
}
