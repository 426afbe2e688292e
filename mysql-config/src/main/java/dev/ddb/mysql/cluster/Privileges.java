package dev.ddb.mysql.cluster;

/**
 * The two sets of privileges a session of the suite's account switches between, one statement each, in the same
 * round trip as the statements they cover. The account holds the client's privileges itself and the suite's through
 * the role {@value #SUITE_ROLE}, its default role, so a new session starts with the suite's; {@code SET ROLE NONE}
 * leaves the account's own. Both statements are the same on MariaDB and MySQL 8; on MariaDB neither ends a transaction,
 * XA or not.
 *
 * <p>The account is one login because a batch's client statements and its log rows commit in one transaction on one
 * connection. So the client's privileges confine what a statement can reach, not who it is: the session could still
 * switch back with {@code SET ROLE}, and see and kill the account's other sessions, which no privilege governs. The
 * query classifier refuses {@code SET} and {@code KILL} in what clients send.
 */
public enum Privileges {

    /**
     * DML and DDL on users' databases; nothing on {@code ddb_meta}, {@code mysql} or {@code sys}, no global
     * privilege. Clients' statements run with these.
     */
    CLIENT("SET ROLE NONE"),

    /** Everything the suite's own work needs: the log, replay, checksums, XA recovery, fencing, KILL. */
    SUITE("SET ROLE " + Privileges.SUITE_ROLE);

    public static final String SUITE_ROLE = "ddb_suite";

    private final String activation;

    Privileges(String activation) {
        this.activation = activation;
    }

    /** The statement that gives the session these privileges. */
    public String activation() {
        return activation;
    }
}
