package dev.ddb.coordinator.quorum;

import java.time.InstantSource;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.QuorumRule;
import dev.ddb.coordinator.topology.Topology;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** Cabinet's weights fetched in the background, and apply latencies reported back to metrics-service. */
@Configuration(proxyBeanMethods = false)
@Lazy
@EnableConfigurationProperties({CabinetProperties.class, MetricsReportProperties.class})
class QuorumConfiguration {

    record ObservationBatch(List<ApplyLatencyObservation> observations) {
    }

    @Bean(destroyMethod = "close")
    CabinetWeights cabinetWeights(CabinetProperties properties, Topology topology, ReplicaSet replicas,
            CircuitBreakerRegistry circuitBreakers, ServiceToken serviceToken) {
        CabinetClient client = new CabinetClient(properties.url(),
                ServiceHttp.to(properties.url(), properties.connectTimeout(), properties.readTimeout(), serviceToken),
                circuitBreakers.circuitBreaker(CabinetClient.CIRCUIT_BREAKER));
        CabinetWeights weights = new CabinetWeights(client::selectQuorum, () -> topology.master().id(),
                QuorumRule.majorityOf(replicas.replicaIds()), properties.maxAge(), InstantSource.system());
        weights.start(properties.refresh());
        return weights;
    }

    @Bean(destroyMethod = "close")
    ApplyLatencyReporter applyLatencyReporter(MetricsReportProperties properties, ReplicaSet replicas,
            ServiceToken serviceToken) {
        RestClient metrics = ServiceHttp.to(properties.url(), properties.connectTimeout(), properties.readTimeout(),
                serviceToken);
        ApplyLatencyReporter reporter = new ApplyLatencyReporter(replicas::states,
                observations -> metrics.post().uri("/metrics/observations").contentType(MediaType.APPLICATION_JSON)
                        .body(new ObservationBatch(observations)).retrieve().toBodilessEntity());
        reporter.start(properties.reportInterval());
        return reporter;
    }
}
