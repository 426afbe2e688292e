package dev.ddb.coordinator.failover;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.config.ServiceCalls;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /elect-leader} on seer-service. One call per failover, bounded by a timeout and never retried: a
 * failover that waits for a slow election keeps writes waiting, so the local election decides instead.
 */
final class SeerClient {

    record ElectionRequest(@JsonProperty("exclude_replicas") List<String> excludeReplicas) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ElectionAnswer(@JsonProperty("leader_id") String leaderId, double score) {
    }

    private final RestClient http;

    SeerClient(URI baseUrl, Duration timeout, ServiceToken serviceToken) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
        requestFactory.setReadTimeout(timeout);
        this.http = ServiceCalls.authorized(RestClient.builder().baseUrl(baseUrl.toString()).requestFactory(requestFactory), serviceToken)
                .build();
    }

    /** @throws RuntimeException whenever seer-service gives no leader: unreachable, refusing (409), or answering nonsense */
    ElectionAnswer elect(List<String> excluded) {
        ElectionAnswer answer = http.post().uri("/elect-leader").contentType(MediaType.APPLICATION_JSON)
                .body(new ElectionRequest(excluded)).retrieve().body(ElectionAnswer.class);
        if (answer == null || answer.leaderId() == null || answer.leaderId().isBlank()) {
            throw new IllegalStateException("seer-service answered without a leader_id");
        }
        return answer;
    }
}
