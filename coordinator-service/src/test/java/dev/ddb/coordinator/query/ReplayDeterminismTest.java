package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statements that would replay differently on some node are refused; ordinary ones stay accepted. The tables are
 * {@link TestCatalog#shop()}'s: users (id AUTO_INCREMENT, email unique), orders (id AUTO_INCREMENT), archive, t
 * and u (id), tags (no key), pairs (a, b), the view names.
 */
class ReplayDeterminismTest {

    /** One row per case: the expected kind or code, then the statement. */
    private static final String CASES = """
            DDL                        | CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))
            DDL                        | CREATE TABLE stamps (at DATETIME DEFAULT NOW() ON UPDATE CURRENT_TIMESTAMP, d DATE DEFAULT (CURDATE()))
            DDL                        | CREATE TABLE c (id INT PRIMARY KEY, n INT NOT NULL DEFAULT -1, s VARCHAR(9) DEFAULT 'x' COMMENT 'y')
            DDL                        | CREATE TABLE g (a INT, b INT AS (a * 2) VIRTUAL, c INT GENERATED ALWAYS AS (ABS(a)) STORED)
            DDL                        | CREATE TABLE k (a INT CHECK (a > 0), CONSTRAINT positive CHECK (a < 100))
            DDL                        | CREATE TABLE j (doc JSON DEFAULT (JSON_OBJECT('a', 1)), h CHAR(32) AS (MD5(doc)))
            DDL                        | CREATE TABLE i (id INT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            DDL                        | CREATE TABLE i (id INT PRIMARY KEY) engine innodb
            DDL                        | CREATE TABLE i (id INT PRIMARY KEY) ENGINE='InnoDB'
            DDL                        | CREATE TABLE p (id INT) PARTITION BY HASH (id) PARTITIONS 4
            DDL                        | CREATE TABLE snapshot AS SELECT * FROM users
            DDL                        | CREATE TABLE top AS SELECT * FROM users ORDER BY id LIMIT 10
            DDL                        | ALTER TABLE users ADD COLUMN at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, ENGINE=InnoDB
            DDL                        | ALTER TABLE users MODIFY COLUMN n INT NOT NULL DEFAULT 0
            DDL                        | CREATE VIEW recent AS SELECT id, name FROM users WHERE at > NOW() - INTERVAL 1 DAY
            DDL                        | CREATE VIEW totals AS SELECT user_id, SUM(total), GROUP_CONCAT(id ORDER BY id) FROM orders GROUP BY user_id
            DDL                        | CREATE OR REPLACE VIEW firsts AS SELECT * FROM users ORDER BY id LIMIT 5
            WRITE                      | INSERT INTO counters (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1
            WRITE                      | INSERT INTO counters (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = VALUES(n)
            WRITE                      | UPDATE users SET name = ? WHERE id = ?
            WRITE                      | UPDATE users SET name = CONCAT(UPPER(LEFT(name, 1)), SUBSTRING(name, 2)) WHERE id = 1
            WRITE                      | UPDATE users SET seen = NOW(6), n = IFNULL(n, 0) + 1 WHERE email = LOWER(?)
            WRITE                      | UPDATE users SET at = DATE_ADD(at, INTERVAL 1 DAY), j = JSON_SET(j, '$.a', 1) WHERE id = 2
            WRITE                      | UPDATE users SET n = 0 ORDER BY id LIMIT 5
            WRITE                      | UPDATE users SET n = 0 ORDER BY email DESC LIMIT 5
            WRITE                      | UPDATE users u SET n = 0 ORDER BY u.id LIMIT 5
            WRITE                      | DELETE FROM users WHERE n < 3 ORDER BY name, id LIMIT 10
            WRITE                      | DELETE FROM pairs ORDER BY b, a LIMIT 1
            WRITE                      | DELETE FROM shop.items ORDER BY sku LIMIT 1
            WRITE                      | INSERT INTO archive SELECT * FROM users WHERE id < 10
            WRITE                      | INSERT INTO orders (user_id) SELECT id FROM users ORDER BY id
            WRITE                      | INSERT INTO orders (user_id) SELECT u.id FROM users u JOIN t ON t.id = u.id ORDER BY u.id, t.id
            WRITE                      | INSERT INTO orders (user_id) SELECT id AS uid FROM users ORDER BY uid
            WRITE                      | INSERT INTO orders (user_id) SELECT id FROM users ORDER BY 1
            WRITE                      | INSERT INTO orders (user_id, note) SELECT ?, ?
            WRITE                      | INSERT INTO archive SELECT * FROM users ORDER BY id LIMIT 10
            WRITE                      | INSERT IGNORE INTO archive SELECT * FROM users ORDER BY id
            WRITE                      | INSERT INTO archive (id, n) SELECT user_id, COUNT(*) FROM orders GROUP BY user_id
            WRITE                      | INSERT INTO archive (id, names) SELECT 1, GROUP_CONCAT(name ORDER BY id) FROM users
            WRITE                      | INSERT INTO archive (id, r) SELECT id, RANK() OVER (PARTITION BY n ORDER BY name) FROM users
            WRITE                      | INSERT INTO archive (id, r) SELECT id, ROW_NUMBER() OVER (ORDER BY id) FROM users
            WRITE                      | INSERT INTO archive (id, r) SELECT id, RAND(id) FROM users
            WRITE                      | INSERT INTO archive (id, j) SELECT id, JSON_ARRAYAGG(name ORDER BY email) FROM users GROUP BY id
            WRITE                      | INSERT INTO t (id, r) VALUES (1, RAND(42))
            WRITE                      | UPDATE t SET n = (SELECT COUNT(*) FROM u WHERE u.id = t.id) WHERE id = 1
            WRITE                      | INSERT INTO t (id) SELECT id FROM names
            NONDETERMINISTIC           | CREATE VIEW shorts AS SELECT UUID_SHORT() AS id FROM users
            NONDETERMINISTIC           | CREATE VIEW conns AS SELECT CONNECTION_ID() AS c FROM users
            NONDETERMINISTIC           | CREATE OR REPLACE VIEW dice AS SELECT id, RAND() AS r FROM users
            NONDETERMINISTIC           | ALTER VIEW dice AS SELECT id, RAND(7) AS r FROM users
            NONDETERMINISTIC           | CREATE VIEW who AS SELECT id, CURRENT_USER AS u FROM users
            NONDETERMINISTIC           | CREATE VIEW db AS SELECT DATABASE() AS d
            NONDETERMINISTIC           | INSERT INTO archive (id, s) SELECT 1, GROUP_CONCAT(name ORDER BY RAND()) FROM users
            NONDETERMINISTIC           | INSERT INTO archive (id, s) SELECT 1, JSON_ARRAYAGG(name ORDER BY RAND()) FROM users
            NONDETERMINISTIC           | INSERT INTO archive (id, r) SELECT id, ROW_NUMBER() OVER (PARTITION BY RAND() ORDER BY id) FROM users
            NONDETERMINISTIC           | INSERT INTO archive (id, r) SELECT id, SUM(n) OVER (ORDER BY UUID_SHORT()) FROM users
            NONDETERMINISTIC           | UPDATE t SET n = (SELECT MAX(UUID_SHORT()) FROM u) WHERE id = 1
            NONDETERMINISTIC           | INSERT INTO t WITH c AS (SELECT CONNECTION_ID() AS n) SELECT n FROM c
            NONDETERMINISTIC           | INSERT INTO t (id, j) VALUES (1, JSON_OBJECT('a', UUID_SHORT()))
            NONDETERMINISTIC           | CREATE TABLE g (a INT, c INT AS (CONNECTION_ID()) VIRTUAL)
            NONDETERMINISTIC           | CREATE TABLE g (a INT, c BIGINT GENERATED ALWAYS AS (UUID_SHORT()) STORED)
            NONDETERMINISTIC           | CREATE TABLE d (id BIGINT DEFAULT (UUID_SHORT()))
            NONDETERMINISTIC           | CREATE TABLE d (at DATETIME DEFAULT (SYSDATE()))
            NONDETERMINISTIC           | CREATE TABLE k (a DOUBLE CHECK (a < RAND()))
            NONDETERMINISTIC           | CREATE TABLE k (a INT, CONSTRAINT c CHECK (a <> CONNECTION_ID()))
            NONDETERMINISTIC           | CREATE TABLE p (id INT) PARTITION BY HASH (id + CONNECTION_ID())
            NONDETERMINISTIC           | ALTER TABLE t ADD COLUMN c INT AS (CONNECTION_ID())
            NONDETERMINISTIC           | ALTER TABLE t MODIFY COLUMN c BIGINT DEFAULT (UUID_SHORT())
            NONDETERMINISTIC           | ALTER TABLE t CHANGE COLUMN c d BIGINT DEFAULT (UUID_SHORT())
            NONDETERMINISTIC           | ALTER TABLE t ALTER COLUMN c SET DEFAULT (UUID_SHORT())
            NONDETERMINISTIC           | CREATE TABLE copy AS SELECT UUID() AS id FROM users
            NONDETERMINISTIC           | INSERT INTO t (id, pw) VALUES (1, ENCRYPT('secret'))
            NONDETERMINISTIC           | UPDATE t SET pw = ENCRYPT(pw, 'ab') WHERE id = 1
            NONDETERMINISTIC           | UPDATE t SET v = VERSION() WHERE id = 1
            NONDETERMINISTIC           | UPDATE t SET r = RAND(42) WHERE id < 10
            NONDETERMINISTIC           | UPDATE t SET s = RANDOM_BYTES(8) WHERE id = 1
            NONDETERMINISTIC           | DELETE FROM t WHERE MATCH (body) AGAINST ('word') > 0.5
            NONDETERMINISTIC           | INSERT INTO t (id) VALUES (NEXT VALUE FOR s)
            SESSION_VARIABLE           | INSERT INTO archive (id, r) SELECT id, SUM(n) OVER (PARTITION BY @@server_id) FROM users
            SESSION_VARIABLE           | CREATE VIEW host AS SELECT @@hostname AS h
            SESSION_VARIABLE           | CREATE TABLE d (n INT DEFAULT (@x))
            SESSION_VARIABLE           | UPDATE t SET n = @x WHERE id = 1
            NON_TRANSACTIONAL_ENGINE   | CREATE TABLE m (id INT PRIMARY KEY) ENGINE=MyISAM
            NON_TRANSACTIONAL_ENGINE   | CREATE TABLE m (id INT PRIMARY KEY) ENGINE = MEMORY
            NON_TRANSACTIONAL_ENGINE   | CREATE TABLE m (id INT PRIMARY KEY) engine Aria
            NON_TRANSACTIONAL_ENGINE   | CREATE TABLE m (id INT PRIMARY KEY) ENGINE=`MyISAM`
            NON_TRANSACTIONAL_ENGINE   | ALTER TABLE users ENGINE=MyISAM
            NON_TRANSACTIONAL_ENGINE   | ALTER TABLE users ADD COLUMN x INT, ENGINE MEMORY
            NON_TRANSACTIONAL_ENGINE   | CREATE SEQUENCE s START WITH 1
            NON_TRANSACTIONAL_ENGINE   | CREATE TABLE s (id INT) SEQUENCE=1
            UNSAFE_TABLE_OPTION        | CREATE TABLE f (id INT) DATA DIRECTORY = '/tmp'
            UNSAFE_TABLE_OPTION        | CREATE TABLE f (id INT) INDEX DIRECTORY = '/tmp'
            UNSAFE_TABLE_OPTION        | ALTER TABLE t DATA DIRECTORY = '/tmp'
            UNORDERED_LIMIT            | UPDATE users SET n = 0 LIMIT 5
            UNORDERED_LIMIT            | INSERT INTO archive SELECT * FROM users LIMIT 10
            UNORDERED_LIMIT            | CREATE TABLE top AS SELECT * FROM users LIMIT 10
            UNORDERED_LIMIT            | CREATE VIEW some AS SELECT * FROM users LIMIT 5
            UNORDERED_LIMIT            | UPDATE t SET n = (SELECT n FROM u LIMIT 1) WHERE id = 1
            NONUNIQUE_ORDER            | UPDATE users SET n = 0 ORDER BY name LIMIT 5
            NONUNIQUE_ORDER            | DELETE FROM users ORDER BY n DESC LIMIT 1
            NONUNIQUE_ORDER            | DELETE FROM pairs ORDER BY a LIMIT 1
            NONUNIQUE_ORDER            | DELETE FROM tags ORDER BY name LIMIT 1
            NONUNIQUE_ORDER            | UPDATE users SET n = 0 ORDER BY LOWER(email) LIMIT 5
            NONUNIQUE_ORDER            | INSERT INTO archive SELECT * FROM users ORDER BY name LIMIT 10
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT id FROM users
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT n FROM users ORDER BY n
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT name AS id FROM users ORDER BY id
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT u.id FROM users u JOIN t ON t.id = u.n ORDER BY u.id
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT id FROM names ORDER BY id
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT id FROM (SELECT id FROM users) d ORDER BY id
            NONUNIQUE_ORDER            | INSERT INTO orders (user_id) SELECT id FROM users UNION SELECT id FROM t
            NONUNIQUE_ORDER            | INSERT IGNORE INTO archive SELECT * FROM users
            NONUNIQUE_ORDER            | REPLACE INTO archive SELECT * FROM users ORDER BY name
            NONUNIQUE_ORDER            | INSERT INTO archive (id) SELECT id FROM users ON DUPLICATE KEY UPDATE n = n + 1
            NONUNIQUE_ORDER            | CREATE TABLE numbered (n INT AUTO_INCREMENT PRIMARY KEY, name TEXT) AS SELECT name FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, names) SELECT 1, GROUP_CONCAT(name) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, names) SELECT 1, GROUP_CONCAT(name ORDER BY name) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, j) SELECT 1, JSON_ARRAYAGG(name) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, j) SELECT 1, JSON_OBJECTAGG(name, n) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, r) SELECT id, ROW_NUMBER() OVER (ORDER BY name) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, r) SELECT id, LAG(n) OVER (PARTITION BY name) FROM users
            NONUNIQUE_ORDER            | INSERT INTO archive (id, r) SELECT id, SUM(n) OVER (ORDER BY n ROWS 2 PRECEDING) FROM users
            NONUNIQUE_ORDER            | CREATE VIEW listed AS SELECT GROUP_CONCAT(name) AS names FROM users
            NONUNIQUE_ORDER            | CREATE VIEW some AS SELECT * FROM users ORDER BY name LIMIT 5
            LOCKING_READ_IN_WRITE      | INSERT INTO archive SELECT * FROM users ORDER BY id FOR UPDATE SKIP LOCKED
            LOCKING_READ_IN_WRITE      | INSERT INTO archive SELECT * FROM users WHERE id IN (SELECT id FROM t FOR UPDATE NOWAIT)
            LOCKING_READ_IN_WRITE      | INSERT INTO archive SELECT * FROM users FOR UPDATE
            LOCKING_READ_IN_WRITE      | UPDATE t SET n = (SELECT n FROM u WHERE id = 1 LOCK IN SHARE MODE) WHERE id = 1
            LOCKING_READ_IN_WRITE      | CREATE TABLE copy AS SELECT * FROM users FOR UPDATE
            UNKNOWN_TABLE              | INSERT INTO missing SELECT * FROM users
            UNKNOWN_TABLE              | DELETE FROM missing ORDER BY id LIMIT 1
            """;

    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(), () -> new UUID(0, 1), () -> 0.5);

    static Stream<Arguments> cases() {
        return CASES.lines().map(line -> {
            String[] parts = line.split("\\|", 2);
            return Arguments.of(parts[0].strip(), parts[1].strip());
        });
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("cases")
    void acceptsOnlyWhatReplaysIdentically(String expected, String sql) {
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

    @Test
    void theRefusalNamesTheFunctionAndWhereItWasFound() {
        assertRefusal("CREATE VIEW shorts AS SELECT UUID_SHORT() AS id FROM users", "UUID_SHORT() in the view body");
        assertRefusal("INSERT INTO archive (id, r) SELECT id, ROW_NUMBER() OVER (PARTITION BY RAND() ORDER BY id) FROM users",
                "RAND() in a window's PARTITION BY");
        assertRefusal("INSERT INTO archive (id, s) SELECT 1, GROUP_CONCAT(name ORDER BY RAND()) FROM users",
                "RAND() in GROUP_CONCAT()'s ORDER BY");
        assertRefusal("INSERT INTO archive (id, s) SELECT 1, JSON_ARRAYAGG(name ORDER BY UUID_SHORT()) FROM users",
                "UUID_SHORT() in JSON_ARRAYAGG()'s ORDER BY");
        assertRefusal("CREATE TABLE g (a INT, c INT AS (CONNECTION_ID()) VIRTUAL)", "CONNECTION_ID() in the generated column c");
        assertRefusal("CREATE TABLE d (id BIGINT DEFAULT (UUID_SHORT()))", "UUID_SHORT() in the DEFAULT of column id");
        assertRefusal("INSERT INTO t (id, pw) VALUES (1, ENCRYPT('secret'))", "ENCRYPT()");
        assertRefusal("CREATE VIEW host AS SELECT @@hostname AS h", "@@hostname in the view body");
        assertRefusal("UPDATE users SET n = 0 ORDER BY name LIMIT 5", "ddb.users (unique keys: (id), (email))");
    }

    @Test
    void lastInsertIdFollowsOnlyAnInsertThatSurelyGeneratedAnId() {
        assertThat(classifier.classifyTransaction(List.of(
                "INSERT INTO orders (user_id) VALUES (7)",
                "INSERT INTO order_items (order_id, sku) VALUES (LAST_INSERT_ID(), 'book')")).statements()).hasSize(2);
        assertThat(classifier.classifyTransaction(List.of(
                "INSERT INTO orders (id, user_id) VALUES (NULL, 7), (NULL, 8)",
                "INSERT INTO order_items (order_id, sku) VALUES (LAST_INSERT_ID(), 'book')")).statements()).hasSize(2);
        assertThat(classifier.classifyTransaction(List.of(
                "INSERT INTO orders SET user_id = 7",
                "UPDATE users SET n = 1 WHERE id = 3",
                "INSERT INTO order_items (order_id, sku) VALUES (LAST_INSERT_ID(), 'book')")).statements()).hasSize(3);

        for (String noId : List.of(
                "INSERT INTO archive (id) VALUES (7)",
                "INSERT INTO orders (id, user_id) VALUES (5, 7)",
                "INSERT INTO orders VALUES (NULL, 7)",
                "INSERT IGNORE INTO orders (user_id) VALUES (7)",
                "INSERT INTO orders (user_id) VALUES (7) ON DUPLICATE KEY UPDATE user_id = 7",
                "INSERT INTO orders (user_id) SELECT id FROM users ORDER BY id",
                "UPDATE orders SET user_id = 7 WHERE id = 1")) {
            assertThatThrownBy(() -> classifier.classifyTransaction(List.of(noId,
                    "INSERT INTO order_items (order_id, sku) VALUES (LAST_INSERT_ID(), 'book')")))
                    .as(noId)
                    .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                        assertThat(rejected.code()).isEqualTo(RejectionCode.NONDETERMINISTIC);
                        assertThat(rejected.getMessage()).startsWith("Statement 2 of 2").contains("LAST_INSERT_ID()");
                    });
        }
    }

    @Test
    void ordinaryWritesNeverAskTheCatalogSoTheyDoNotWaitForTheMastersSchema() {
        SchemaCatalog unreachable = new SchemaCatalog() {
            @Override
            public Optional<TableKeys> find(String qualifiedName) {
                throw new AssertionError("asked for " + qualifiedName);
            }

            @Override
            public long version() {
                return 0;
            }
        };
        QueryClassifier classifier = new QueryClassifier("ddb", unreachable, () -> new UUID(0, 1), () -> 0.5);

        assertThat(classifier.classifyTransaction(List.of(
                "INSERT INTO orders (user_id) VALUES (7)",
                "UPDATE users SET n = n + 1 WHERE id = 7",
                "DELETE FROM carts WHERE user_id = 7")).statements()).hasSize(3);
        assertThat(classifier.classify("INSERT INTO counters (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = n + 1").kind())
                .isEqualTo(StatementKind.WRITE);
    }

    @Test
    void aCachedVerdictIsDroppedWhenTheSchemaChanges() {
        TestCatalog catalog = TestCatalog.shop();
        QueryClassifier cached = new QueryClassifier("ddb", catalog, () -> new UUID(0, 1), () -> 0.5);
        String sql = "INSERT INTO archive (id) SELECT id FROM users";
        assertThat(cached.classify(sql).kind()).isEqualTo(StatementKind.WRITE);

        catalog.put("ddb.archive", TestCatalog.table("id", List.of("id")));

        assertThatThrownBy(() -> cached.classify(sql))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.NONUNIQUE_ORDER));
    }

    private void assertRefusal(String sql, String naming) {
        assertThatThrownBy(() -> classifier.classify(sql)).as(sql).hasMessageContaining(naming);
    }
}
