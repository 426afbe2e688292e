package dev.ddb.auth;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** What a service sends with its calls to the others: {@code Authorization: Bearer <DDB_SERVICE_TOKEN>}, when set. */
public record ServiceToken(Optional<String> authorization) {

    public static final String HEADER = "Authorization";
    /** Nothing to send: the variable is unset. */
    public static final ServiceToken NONE = new ServiceToken(Optional.empty());

    public static ServiceToken of(String token) {
        return token == null || token.isBlank() ? NONE : new ServiceToken(Optional.of("Bearer " + token.trim()));
    }

    public static ServiceToken from(UnaryOperator<String> environment) {
        return of(environment.apply(AuthSettings.SERVICE_TOKEN));
    }

    @Override
    public String toString() {
        return authorization.isPresent() ? "ServiceToken[set]" : "ServiceToken[none]";
    }
}
