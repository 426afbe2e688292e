package dev.ddb.mysql.cluster;

import java.util.Objects;
import java.util.function.UnaryOperator;

/** The application account every service and every provisioned instance share. Never root. */
public record DbCredentials(String user, String password) {

    public static final String USER_VARIABLE = "DDB_DB_USER";
    public static final String PASSWORD_VARIABLE = "DDB_DB_PASSWORD";
    public static final String DEFAULT_USER = "ddb_user";
    public static final String DEFAULT_PASSWORD = "ddb_password";

    public DbCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the database user must not be blank");
        }
    }

    /** {@code DDB_DB_USER} / {@code DDB_DB_PASSWORD}, defaulting to ddb_user / ddb_password. */
    public static DbCredentials fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static DbCredentials fromEnvironment(UnaryOperator<String> environment) {
        return new DbCredentials(valueOr(environment.apply(USER_VARIABLE), DEFAULT_USER),
                valueOr(environment.apply(PASSWORD_VARIABLE), DEFAULT_PASSWORD));
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + ", password=****]";
    }
}
