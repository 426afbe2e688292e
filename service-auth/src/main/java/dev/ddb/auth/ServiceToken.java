package dev.ddb.auth;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** What a service sends with its calls to the others: {@code Authorization: Bearer <DDB_SERVICE_TOKEN>}, when set. */
public record ServiceToken(Optional<String> authorization) {

    public static final String HEADER = "Authorization";

    public static ServiceToken from(UnaryOperator<String> environment) {
        String token = environment.apply(AuthSettings.SERVICE_TOKEN);
        return new ServiceToken(token == null || token.isBlank() ? Optional.empty() : Optional.of("Bearer " + token.trim()));
    }

    @Override
    public String toString() {
        return authorization.isPresent() ? "ServiceToken[set]" : "ServiceToken[none]";
    }
}
