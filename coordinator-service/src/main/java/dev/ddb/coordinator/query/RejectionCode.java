package dev.ddb.coordinator.query;

/** Why a query was refused before anything ran. The names are part of the HTTP API: keep them stable. */
public enum RejectionCode {
    /** The query, or the {@code queries} list, holds no statement. */
    EMPTY_QUERY,
    /** The parser could not read the statement; the message names the position. */
    SYNTAX_ERROR,
    /** Parentheses or expressions nested too deep to parse safely. */
    TOO_DEEPLY_NESTED,
    /** The parser did not finish reading the statement within its time limit. */
    TOO_COMPLEX,
    /** More than one statement in {@code query}; a list belongs in {@code queries}. */
    MULTIPLE_STATEMENTS,
    /** A {@code /*! ... *}{@code /} comment, whose text MySQL would run unchecked. */
    EXECUTABLE_COMMENT,
    /** A statement MySQL may know but the coordinator's parser cannot check. */
    UNSUPPORTED_STATEMENT,
    /** A statement the coordinator never runs (MERGE, HANDLER, DO, temporary tables, ...). */
    FORBIDDEN_STATEMENT,
    /** Reads or writes files on a server: LOAD DATA, INTO OUTFILE/DUMPFILE, LOAD_FILE(). */
    FILE_ACCESS,
    /** Depends on session state that would not exist on replay: SET, USE, PREPARE, INTO @var. */
    SESSION_STATE,
    /** Changes the server rather than data: SET GLOBAL, FLUSH, KILL, replication control. */
    SERVER_ADMINISTRATION,
    /** GRANT, REVOKE, and CREATE/ALTER/DROP/RENAME USER or ROLE. */
    ACCOUNT_MANAGEMENT,
    /** LOCK TABLES and UNLOCK TABLES. */
    TABLE_LOCK,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, XA, SET autocommit inside a statement: use {@code queries}. */
    TRANSACTION_CONTROL,
    /** CALL and stored procedures, functions, triggers and events, whose effects cannot be checked. */
    STORED_PROGRAM,
    /** Names ddb_meta or a system schema (mysql, information_schema, performance_schema, sys). */
    SYSTEM_SCHEMA,
    /** DROP DATABASE of the coordinator's default database, which every connection opens. */
    DEFAULT_DATABASE,
    /** UPDATE, DELETE or INSERT ... SELECT with LIMIT but no ORDER BY: each node could pick other rows. */
    UNORDERED_LIMIT,
    /**
     * The order a write takes rows in decides what it writes (LIMIT, AUTO_INCREMENT ids, INSERT IGNORE, REPLACE, ON
     * DUPLICATE KEY UPDATE, GROUP_CONCAT, ROW_NUMBER, ...) but its ORDER BY does not name every column of a unique
     * key of NOT NULL columns of each table the rows come from, so ties could be broken differently per node.
     */
    NONUNIQUE_ORDER,
    /** A write reads with FOR UPDATE, FOR SHARE, NOWAIT or SKIP LOCKED, whose rows depend on other sessions' locks. */
    LOCKING_READ_IN_WRITE,
    /** A table stored by an engine other than InnoDB, or a sequence: its changes would not roll back with the log's transaction. */
    NON_TRANSACTIONAL_ENGINE,
    /** A table option naming places on a server's file system: DATA DIRECTORY, INDEX DIRECTORY. */
    UNSAFE_TABLE_OPTION,
    /** A write whose safety depends on a table's keys names a table the coordinator's schema does not hold. */
    UNKNOWN_TABLE,
    /**
     * A write, or an expression a definition stores (column default, generated column, CHECK, view body), calls a
     * function that is not known to give the same result on every node; the message names it and where it is.
     */
    NONDETERMINISTIC,
    /** A write reads a user variable ({@code @x}) or system variable ({@code @@x}). */
    SESSION_VARIABLE,
    /** The number of {@code params} differs from the number of {@code ?} placeholders. */
    PLACEHOLDER_MISMATCH,
    /** A {@code queries} transaction holds something other than INSERT, UPDATE, DELETE or REPLACE. */
    NOT_DML_IN_TRANSACTION
}
