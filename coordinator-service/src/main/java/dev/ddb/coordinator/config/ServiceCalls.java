package dev.ddb.coordinator.config;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.ServiceToken;

/**
 * The coordinator's calls to the timestamp servers, cabinet, seer and metrics carry
 * {@code Authorization: Bearer <DDB_SERVICE_TOKEN>}, which those services require (role service).
 */
public final class ServiceCalls {

    private ServiceCalls() {
    }

    /** The builder, set to send the service token with every request when there is one. */
    public static RestClient.Builder authorized(RestClient.Builder builder, ServiceToken token) {
        return token.authorization().map(value -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, value)).orElse(builder);
    }
}
