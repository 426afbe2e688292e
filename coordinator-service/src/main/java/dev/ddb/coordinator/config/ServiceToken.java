package dev.ddb.coordinator.config;

import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * What the coordinator sends with its calls to the timestamp servers, cabinet, seer and metrics:
 * {@code Authorization: Bearer <DDB_SERVICE_TOKEN>}, which those services require (role service), or nothing when the
 * variable is unset. Mirrors {@code dev.ddb.auth.ServiceToken} of service-auth, which this module does not use yet.
 */
public record ServiceToken(Optional<String> authorization) {

    public static final ServiceToken NONE = new ServiceToken(Optional.empty());

    public static ServiceToken of(String token) {
        return token == null || token.isBlank() ? NONE : new ServiceToken(Optional.of("Bearer " + token.trim()));
    }

    /** The builder, set to send the token with every request. */
    public RestClient.Builder applyTo(RestClient.Builder builder) {
        return authorization.map(value -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, value)).orElse(builder);
    }

    @Override
    public String toString() {
        return authorization.isPresent() ? "ServiceToken[set]" : "ServiceToken[none]";
    }
}
