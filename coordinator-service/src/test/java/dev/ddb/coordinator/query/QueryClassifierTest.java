package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryClassifierTest {

    /** One row per accepted kind and per rejection: the expected kind or code, then the statement. */
    private static final String CASES = """
            READ    | SELECT * FROM users WHERE id = 1
            READ    | select name from users order by name limit 10
            READ    | /* leading comment */ SELECT 1
            READ    | SELECT 1;
            READ    | WITH recent AS (SELECT * FROM orders) SELECT * FROM recent
            READ    | SELECT a FROM t UNION SELECT b FROM u
            READ    | TABLE users
            READ    | SELECT * FROM users FOR UPDATE
            READ    | SELECT * FROM users LOCK IN SHARE MODE
            READ    | SELECT * FROM users FOR SHARE
            READ    | SELECT UUID(), RAND(), SYSDATE(), @x, @@version FROM users
            READ    | SHOW TABLES
            READ    | SHOW FULL COLUMNS FROM users
            READ    | SHOW CREATE TABLE users
            READ    | SHOW INDEX FROM users FROM ddb
            READ    | SHOW VARIABLES LIKE 'max%'
            READ    | SHOW DATABASES
            READ    | EXPLAIN SELECT * FROM users
            READ    | EXPLAIN ANALYZE SELECT * FROM users
            READ    | EXPLAIN UPDATE users SET name = 'x'
            READ    | EXPLAIN users
            READ    | DESCRIBE users
            READ    | DESC users
            WRITE   | INSERT INTO users (name, email) VALUES ("Alice", "alice@example.com")
            WRITE   | INSERT INTO users SET name = 'Bob'
            WRITE   | INSERT IGNORE INTO users (id) VALUES (1)
            WRITE   | INSERT INTO counters (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1
            WRITE   | INSERT INTO archive SELECT * FROM users WHERE id < 10
            WRITE   | REPLACE INTO users (id, name) VALUES (1, 'Carol')
            WRITE   | REPLACE archive SET id = 1
            WRITE   | REPLACE INTO archive SELECT * FROM users ORDER BY id
            WRITE   | INSERT INTO t VALUE (1)
            WRITE   | DELETE FROM users AS u WHERE u.id = 3
            WRITE   | UPDATE users SET n = n * 2 + 1 WHERE id = 7
            WRITE   | UPDATE users SET n = 0 ORDER BY id LIMIT 5
            WRITE   | UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.x = t2.x
            WRITE   | DELETE FROM users WHERE id = 3
            WRITE   | DELETE FROM users ORDER BY id LIMIT 1
            WRITE   | DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id
            WRITE   | INSERT INTO events (at) VALUES (NOW(6))
            WRITE   | INSERT INTO events (id, at) VALUES (UUID(), SYSDATE())
            DDL     | CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) DEFAULT "none")
            DDL     | CREATE TABLE IF NOT EXISTS ddb.logins (at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)
            DDL     | CREATE TABLE copy LIKE users
            DDL     | CREATE TABLE snapshot AS SELECT * FROM users
            DDL     | CREATE INDEX by_name ON users (name)
            DDL     | CREATE VIEW names AS SELECT name FROM users
            DDL     | CREATE DATABASE shop
            DDL     | CREATE SCHEMA shop
            DDL     | ALTER TABLE users ADD COLUMN age INT
            DDL     | ALTER VIEW names AS SELECT name, email FROM users
            DDL     | DROP TABLE IF EXISTS users
            DDL     | DROP INDEX by_name ON users
            DDL     | DROP VIEW names
            DDL     | DROP DATABASE shop
            DDL     | TRUNCATE TABLE users
            DDL     | RENAME TABLE users TO customers
            EMPTY_QUERY                | /* nothing */ ;
            SYNTAX_ERROR               | SELEC * FROM users
            SYNTAX_ERROR               | SELECT * FROM
            SYNTAX_ERROR               | SELECT 'unterminated
            SYNTAX_ERROR               | DELETE FROM
            SYNTAX_ERROR               | SELECT * FROM "users"
            MULTIPLE_STATEMENTS        | SELECT 1; SELECT 2
            MULTIPLE_STATEMENTS        | INSERT INTO t VALUES (1); DELETE FROM t
            EXECUTABLE_COMMENT         | SELECT 1 /*! , SLEEP(10) */
            FILE_ACCESS                | LOAD DATA INFILE '/tmp/users.csv' INTO TABLE users
            FILE_ACCESS                | LOAD DATA LOCAL INFILE 'users.csv' INTO TABLE users
            FILE_ACCESS                | SELECT * INTO OUTFILE '/tmp/users' FROM users
            FILE_ACCESS                | SELECT * FROM users INTO DUMPFILE '/tmp/users'
            FILE_ACCESS                | SELECT LOAD_FILE('/etc/passwd')
            SESSION_STATE              | SELECT name INTO @name FROM users LIMIT 1
            SESSION_STATE              | SELECT name FROM users LIMIT 1 INTO @name
            SESSION_STATE              | SET @x = 1
            SESSION_STATE              | SET NAMES utf8mb4
            SESSION_STATE              | SET SESSION sql_mode = ''
            SESSION_STATE              | USE shop
            SESSION_STATE              | PREPARE s FROM 'SELECT 1'
            SESSION_STATE              | CREATE TEMPORARY TABLE scratch (id INT)
            SESSION_STATE              | DROP TEMPORARY TABLE scratch
            SERVER_ADMINISTRATION      | SET GLOBAL max_connections = 10
            SERVER_ADMINISTRATION      | SET @@GLOBAL.read_only = ON
            SERVER_ADMINISTRATION      | SET PERSIST max_connections = 10
            SERVER_ADMINISTRATION      | FLUSH TABLES
            SERVER_ADMINISTRATION      | KILL 42
            SERVER_ADMINISTRATION      | OPTIMIZE TABLE users
            SERVER_ADMINISTRATION      | ANALYZE TABLE users
            SERVER_ADMINISTRATION      | START REPLICA
            ACCOUNT_MANAGEMENT         | GRANT ALL ON *.* TO 'eve'@'%'
            ACCOUNT_MANAGEMENT         | GRANT SELECT ON users TO eve
            ACCOUNT_MANAGEMENT         | REVOKE ALL ON *.* FROM 'eve'@'%'
            ACCOUNT_MANAGEMENT         | CREATE USER 'eve'@'%' IDENTIFIED BY 'secret'
            ACCOUNT_MANAGEMENT         | DROP USER 'eve'@'%'
            ACCOUNT_MANAGEMENT         | ALTER USER 'eve'@'%' IDENTIFIED BY 'other'
            ACCOUNT_MANAGEMENT         | RENAME USER 'eve'@'%' TO 'mallory'@'%'
            ACCOUNT_MANAGEMENT         | CREATE ROLE auditor
            ACCOUNT_MANAGEMENT         | SET PASSWORD = 'x'
            TABLE_LOCK                 | LOCK TABLES users WRITE
            TABLE_LOCK                 | LOCK TABLES users READ, orders WRITE
            TABLE_LOCK                 | UNLOCK TABLES
            TRANSACTION_CONTROL        | BEGIN
            TRANSACTION_CONTROL        | START TRANSACTION
            TRANSACTION_CONTROL        | COMMIT
            TRANSACTION_CONTROL        | ROLLBACK
            TRANSACTION_CONTROL        | SAVEPOINT before_update
            TRANSACTION_CONTROL        | ROLLBACK TO SAVEPOINT before_update
            TRANSACTION_CONTROL        | RELEASE SAVEPOINT before_update
            TRANSACTION_CONTROL        | XA START 'txn-1'
            TRANSACTION_CONTROL        | SET autocommit = 0
            TRANSACTION_CONTROL        | SET TRANSACTION ISOLATION LEVEL SERIALIZABLE
            STORED_PROGRAM             | CALL refresh_totals()
            STORED_PROGRAM             | CREATE PROCEDURE p() BEGIN SELECT 1; END
            STORED_PROGRAM             | CREATE FUNCTION f() RETURNS INT RETURN 1
            STORED_PROGRAM             | CREATE DEFINER = `root`@`localhost` PROCEDURE p() SELECT 1
            STORED_PROGRAM             | CREATE TRIGGER stamp BEFORE INSERT ON users FOR EACH ROW SET NEW.n = 1
            STORED_PROGRAM             | CREATE EVENT purge ON SCHEDULE EVERY 1 HOUR DO DELETE FROM users
            STORED_PROGRAM             | DROP PROCEDURE p
            STORED_PROGRAM             | DROP EVENT purge
            STORED_PROGRAM             | INSERT INTO users (name) VALUES (ddb.make_name())
            FORBIDDEN_STATEMENT        | DO SLEEP(1)
            FORBIDDEN_STATEMENT        | EXPLAIN ANALYZE DELETE FROM users
            UNSUPPORTED_STATEMENT      | ALTER DATABASE shop CHARACTER SET utf8mb4
            UNSUPPORTED_STATEMENT      | MERGE INTO t USING u ON (t.a = u.a) WHEN MATCHED THEN UPDATE SET t.b = u.b
            SYSTEM_SCHEMA              | SELECT * FROM mysql.user
            SYSTEM_SCHEMA              | SELECT * FROM ddb_meta.log
            SYSTEM_SCHEMA              | DELETE FROM ddb_meta.state
            SYSTEM_SCHEMA              | SHOW TABLES FROM information_schema
            SYSTEM_SCHEMA              | DESCRIBE performance_schema.threads
            SYSTEM_SCHEMA              | CREATE DATABASE ddb_meta
            SYSTEM_SCHEMA              | DROP SCHEMA sys
            DEFAULT_DATABASE           | DROP DATABASE ddb
            DEFAULT_DATABASE           | DROP SCHEMA IF EXISTS `DDB`
            UNORDERED_LIMIT            | UPDATE users SET n = 0 LIMIT 5
            UNORDERED_LIMIT            | DELETE FROM users WHERE n > 3 LIMIT 1
            UNORDERED_LIMIT            | INSERT INTO archive SELECT * FROM users LIMIT 10
            NONDETERMINISTIC           | INSERT INTO t (id) VALUES (UUID_SHORT())
            NONDETERMINISTIC           | INSERT INTO t (conn) VALUES (CONNECTION_ID())
            NONDETERMINISTIC           | INSERT INTO t (who) VALUES (USER())
            NONDETERMINISTIC           | INSERT INTO t (who) VALUES (CURRENT_USER)
            NONDETERMINISTIC           | UPDATE t SET who = CURRENT_USER() WHERE id = 1
            NONDETERMINISTIC           | UPDATE t SET n = SLEEP(1)
            NONDETERMINISTIC           | INSERT INTO t (n) VALUES (GET_LOCK('x', 1))
            NONDETERMINISTIC           | INSERT INTO t (n) VALUES (FOUND_ROWS())
            NONDETERMINISTIC           | INSERT INTO t (n) VALUES (ROW_COUNT())
            NONDETERMINISTIC           | INSERT INTO t (n) VALUES (LAST_INSERT_ID())
            NONDETERMINISTIC           | UPDATE seq SET id = LAST_INSERT_ID(id + 1)
            NONDETERMINISTIC           | DELETE FROM t WHERE RAND() < 0.5
            NONDETERMINISTIC           | UPDATE t SET n = 1 ORDER BY RAND() LIMIT 1
            NONDETERMINISTIC           | INSERT INTO t SELECT UUID() FROM u
            NONDETERMINISTIC           | CREATE TABLE t (id CHAR(36) DEFAULT (UUID()))
            NONDETERMINISTIC           | ALTER TABLE t ADD COLUMN r DOUBLE DEFAULT (RAND())
            SESSION_VARIABLE           | INSERT INTO t (n) VALUES (@x)
            SESSION_VARIABLE           | UPDATE t SET host = @@hostname
            """;

    private final QueryClassifier classifier =
            new QueryClassifier("ddb", TestCatalog.shop(), () -> new UUID(0, 1), () -> 0.5);

    static Stream<Arguments> cases() {
        return CASES.lines().map(line -> {
            String[] parts = line.split("\\|", 2);
            return Arguments.of(parts[0].strip(), parts[1].strip());
        });
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("cases")
    void classifiesOrRejectsEachKindOfStatement(String expected, String sql) {
        if (Arrays.stream(StatementKind.values()).anyMatch(kind -> kind.name().equals(expected))) {
            assertThat(classifier.classify(sql).kind()).isEqualTo(StatementKind.valueOf(expected));
        } else {
            assertThatThrownBy(() -> classifier.classify(sql))
                    .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                        assertThat(rejected.code()).isEqualTo(RejectionCode.valueOf(expected));
                        assertThat(rejected.getMessage()).endsWith(".");
                    });
        }
    }

    /** The verdict, or the refusal's code and message, of a statement with its literals possibly taken out. */
    private String verdictWithLiterals(String sql) {
        try {
            int placeholders = SqlTokens.lex(sql).placeholderCount();
            return classifier.classify(sql, Arrays.asList(new Object[placeholders])).statement().kind().name();
        } catch (QueryRejectedException rejected) {
            return rejected.code() + ": " + rejected.getMessage();
        }
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("cases")
    void withItsLiteralsTakenOutEachStatementGetsTheSameVerdict(String expected, String sql) {
        // Twice: the second time from the cache, by the digest's text or the client's; before the client's text is
        // classified on its own, which would put it in the cache.
        String digested = verdictWithLiterals(sql);
        String digestedAgain = verdictWithLiterals(sql);
        String written;
        try {
            written = classifier.classify(sql).kind().name();
        } catch (QueryRejectedException rejected) {
            written = rejected.code() + ": " + rejected.getMessage();
        }
        assertThat(digested).isEqualTo(written);
        assertThat(digestedAgain).isEqualTo(written);
    }

    @Test
    void blankAndNullQueriesAreEmpty() {
        for (String sql : new String[] {null, "", "   \n\t"}) {
            assertThatThrownBy(() -> classifier.classify(sql))
                    .isInstanceOfSatisfying(QueryRejectedException.class,
                            rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.EMPTY_QUERY));
        }
    }

    @Test
    void syntaxErrorNamesTheLineColumnAndTextOfTheClientsStatement() {
        String sql = "/* the \"report\" */ SELECT name,\n  \"it's\" AS quoted\n  FROM users WHERE id = = 1";

        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectionCode.SYNTAX_ERROR);
                    assertThat(rejected.getMessage()).contains("line 3, column 25").contains("near '= 1'");
                });
    }

    @Test
    void unterminatedStringNamesWhereItStarts() {
        assertThatThrownBy(() -> classifier.classify("INSERT INTO t VALUES ('a', \"b)"))
                .hasMessageContaining("line 1, column 28");
    }

    @Test
    void setExplainsThatSessionStateWouldNotReplay() {
        assertThatThrownBy(() -> classifier.classify("SET time_zone = '+00:00'"))
                .hasMessageContaining("session state").hasMessageContaining("replayed");
    }

    @Test
    void transactionControlPointsToTheQueriesList() {
        assertThatThrownBy(() -> classifier.classify("START TRANSACTION")).hasMessageContaining("queries");
    }

    @Test
    void lockingReadsAreFlaggedForTheMaster() {
        assertThat(classifier.classify("SELECT * FROM users WHERE id = 1 FOR UPDATE").lockingRead()).isTrue();
        assertThat(classifier.classify("SELECT * FROM users WHERE id = 1 LOCK IN SHARE MODE").lockingRead()).isTrue();
        assertThat(classifier.classify("SELECT * FROM users WHERE id = 1 FOR SHARE").lockingRead()).isTrue();
        assertThat(classifier.classify("SELECT * FROM t WHERE id IN (SELECT id FROM u FOR UPDATE)").lockingRead()).isTrue();
        assertThat(classifier.classify("SELECT * FROM users WHERE id = 1").lockingRead()).isFalse();
        assertThat(classifier.classify("SELECT 'FOR UPDATE' FROM users").lockingRead()).isFalse();
    }

    @Test
    void placeholdersAreCountedOutsideStringsAndComments() {
        ClassifiedStatement statement = classifier.classify(
                "INSERT INTO t (a, b, c) VALUES (?, ?, '?') /* ? */ -- ?\n ON DUPLICATE KEY UPDATE c = ?");

        assertThat(statement.placeholderCount()).isEqualTo(3);
        assertThat(statement.requireParameters(3)).isSameAs(statement);
        assertThat(classifier.classify("SELECT * FROM t LIMIT ?, ?").placeholderCount()).isEqualTo(2);
    }

    @Test
    void wrongNumberOfParametersIsRejectedWithItsOwnCode() {
        ClassifiedStatement statement = classifier.classify("SELECT * FROM t WHERE a = ? AND b = ?");

        assertThatThrownBy(() -> statement.requireParameters(1))
                .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectionCode.PLACEHOLDER_MISMATCH);
                    assertThat(rejected.getMessage()).contains("2 ? placeholders").contains("1 value was given");
                });
    }

    @Test
    void mysqlCommentRulesDecideWhatIsChecked() {
        // "--1" is not a comment in MySQL: the statement is a subtraction and still carries UUID_SHORT().
        assertThatThrownBy(() -> classifier.classify("UPDATE t SET n = n --1, m = UUID_SHORT()\n WHERE id = 1"))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.NONDETERMINISTIC));
        assertThat(classifier.classify("UPDATE t SET n = n -- , m = UUID_SHORT()\n WHERE id = 1").kind())
                .isEqualTo(StatementKind.WRITE);
        assertThat(classifier.classify("UPDATE t SET n = 1 # , m = UUID_SHORT()\n WHERE id = 1").kind())
                .isEqualTo(StatementKind.WRITE);
    }

    @Test
    void defaultDatabaseMayNotBeASystemSchema() {
        assertThatThrownBy(() -> new QueryClassifier("mysql", TestCatalog.shop(), UUID::randomUUID, Math::random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
