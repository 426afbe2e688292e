package dev.ddb.mysql.cluster;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An account on every provisioned instance, never root: the suite's own ({@link #fromEnvironment()}),
 * which every service uses, the reader that runs clients' reads ({@link #readerFromEnvironment()}), or the replicas'
 * login to the master in the binlog mode ({@link #replicationFromEnvironment()}).
 */
public record DbCredentials(String user, String password) {

    public static final String USER_VARIABLE = "DDB_DB_USER";
    public static final String PASSWORD_VARIABLE = "DDB_DB_PASSWORD";
    public static final String DEFAULT_USER = "ddb_user";
    public static final String DEFAULT_PASSWORD = "ddb_password";
    public static final String READ_USER_VARIABLE = "DDB_DB_READ_USER";
    public static final String READ_PASSWORD_VARIABLE = "DDB_DB_READ_PASSWORD";
    public static final String DEFAULT_READ_USER = "ddb_reader";
    public static final String DEFAULT_READ_PASSWORD = "ddb_reader_password";
    public static final String REPLICATION_USER_VARIABLE = "DDB_DB_REPL_USER";
    public static final String REPLICATION_PASSWORD_VARIABLE = "DDB_DB_REPL_PASSWORD";
    public static final String DEFAULT_REPLICATION_USER = "ddb_repl";
    public static final String DEFAULT_REPLICATION_PASSWORD = "ddb_repl_password";

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

    /** {@code DDB_DB_READ_USER} / {@code DDB_DB_READ_PASSWORD}, defaulting to ddb_reader / ddb_reader_password. */
    public static DbCredentials readerFromEnvironment() {
        return readerFromEnvironment(System::getenv);
    }

    static DbCredentials readerFromEnvironment(UnaryOperator<String> environment) {
        return new DbCredentials(valueOr(environment.apply(READ_USER_VARIABLE), DEFAULT_READ_USER),
                valueOr(environment.apply(READ_PASSWORD_VARIABLE), DEFAULT_READ_PASSWORD));
    }

    /**
     * {@code DDB_DB_REPL_USER} / {@code DDB_DB_REPL_PASSWORD}, defaulting to ddb_repl / ddb_repl_password: the account
     * replicas' I/O threads log in to the master with in the binlog replication mode. It holds REPLICATION SLAVE only,
     * and it is not the suite's account, whose other sessions a new leader ends on every instance.
     */
    public static DbCredentials replicationFromEnvironment() {
        return replicationFromEnvironment(System::getenv);
    }

    static DbCredentials replicationFromEnvironment(UnaryOperator<String> environment) {
        return new DbCredentials(valueOr(environment.apply(REPLICATION_USER_VARIABLE), DEFAULT_REPLICATION_USER),
                valueOr(environment.apply(REPLICATION_PASSWORD_VARIABLE), DEFAULT_REPLICATION_PASSWORD));
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + ", password=****]";
    }
}
