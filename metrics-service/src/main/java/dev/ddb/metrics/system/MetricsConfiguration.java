package dev.ddb.metrics.system;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ddb.metrics.observation.ApplyLatencyObservations;
import dev.ddb.metrics.polling.Poller;
import dev.ddb.metrics.tracking.ClusterMetrics;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;

/** Builds the service's parts from {@code ddb.metrics.*}; the parts themselves know nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsConfiguration {

    @Bean
    ClusterTopology clusterTopology(MetricsProperties properties) {
        return properties.topology();
    }

    @Bean
    ClusterMetrics clusterMetrics(ClusterTopology topology, MetricsProperties properties) {
        return new ClusterMetrics(ids(topology), properties.movingAverageAlpha());
    }

    @Bean
    ApplyLatencyObservations applyLatencyObservations(ClusterTopology topology, MetricsProperties properties) {
        return new ApplyLatencyObservations(ids(topology), properties.movingAverageAlpha());
    }

    @Bean(destroyMethod = "close")
    Poller poller(ClusterTopology topology, MetricsProperties properties, ClusterMetrics metrics) {
        Poller poller = new Poller(topology, DbCredentials.fromEnvironment(),
                new Poller.Settings(properties.pollInterval(), properties.connectTimeout(), properties.socketTimeout()),
                metrics, Clock.systemUTC());
        poller.start();
        return poller;
    }

    private static List<String> ids(ClusterTopology topology) {
        return topology.instances().stream().map(InstanceAddress::id).toList();
    }
}
