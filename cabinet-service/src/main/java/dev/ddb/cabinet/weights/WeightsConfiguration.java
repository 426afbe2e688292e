package dev.ddb.cabinet.weights;

import dev.ddb.cabinet.metrics.RecentClusterView;
import dev.ddb.cabinet.system.CabinetProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WeightsConfiguration {

    @Bean
    CurrentWeights currentWeights(RecentClusterView recent, CabinetProperties properties) {
        return new CurrentWeights(recent::current, properties.failureThreshold());
    }
}
