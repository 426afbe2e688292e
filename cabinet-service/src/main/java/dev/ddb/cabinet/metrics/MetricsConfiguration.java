package dev.ddb.cabinet.metrics;

import dev.ddb.auth.ServiceToken;
import dev.ddb.cabinet.system.CabinetProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The registries come from Resilience4j's auto-configuration, so breaker and retry follow {@code resilience4j.*}. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    MetricsClient metricsClient(CabinetProperties properties, CircuitBreakerRegistry circuitBreakers,
                                RetryRegistry retries, ServiceToken serviceToken) {
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.metricsConnectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.metricsReadTimeout());
        RestClient http = RestClient.builder()
                .baseUrl(properties.metricsUrl().toString())
                .requestFactory(requestFactory)
                .defaultHeaders(headers -> serviceToken.authorization().ifPresent(token -> headers.set(HttpHeaders.AUTHORIZATION, token)))
                .build();
        return new MetricsClient(properties.metricsUrl(), http,
                circuitBreakers.circuitBreaker(MetricsClient.RESILIENCE_NAME),
                retries.retry(MetricsClient.RESILIENCE_NAME));
    }

    @Bean
    RecentClusterView recentClusterView(MetricsClient client, CabinetProperties properties) {
        return new RecentClusterView(client::fetch, properties.metricsCacheTtl(), System::nanoTime);
    }
}
