package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemSchemaTest {

    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(), UUID::randomUUID, () -> 0.5);

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM users WHERE id IN (SELECT id FROM ddb_meta.log)",
            "SELECT (SELECT COUNT(*) FROM mysql.user) AS n FROM users",
            "SELECT u.* FROM users u JOIN mysql.user m ON m.User = u.name",
            "SELECT * FROM users WHERE EXISTS (SELECT 1 FROM ddb_meta.state s WHERE s.role = 'master')",
            "SELECT * FROM (SELECT * FROM information_schema.tables) AS t",
            "WITH x AS (SELECT * FROM performance_schema.threads) SELECT * FROM x",
            "SELECT a FROM users UNION SELECT user FROM mysql.db",
            "SELECT * FROM `MySQL`.`user`",
            "SELECT * FROM Information_Schema.TABLES",
            "SELECT * FROM mysql . user",
            "SELECT * FROM /* hidden */ `ddb_meta` /**/ . log",
            "SELECT sys.format_bytes(1024)",
            "INSERT INTO users SELECT * FROM mysql.user",
            "UPDATE users SET n = (SELECT MAX(applied_ts) FROM ddb_meta.state)",
            "DELETE FROM users WHERE id IN (SELECT id FROM ddb_meta.log)",
            "CREATE TABLE copy LIKE mysql.user",
            "CREATE VIEW v AS SELECT * FROM mysql.user",
            "RENAME TABLE users TO mysql.users",
            "ALTER TABLE users ADD FOREIGN KEY (id) REFERENCES ddb_meta.log (ts)",
            "DROP TABLE ddb_meta.log",
            "TRUNCATE ddb_meta.log",
            "EXPLAIN SELECT * FROM mysql.user",
            "EXPLAIN ddb_meta.log",
            "DESCRIBE ddb_meta.log",
            "SHOW TABLES FROM mysql",
            "SHOW COLUMNS FROM user FROM mysql",
            "SHOW COLUMNS FROM mysql.user",
            "SHOW INDEX FROM log IN `ddb_meta`",
            "SHOW CREATE DATABASE ddb_meta",
            "CREATE DATABASE mysql",
            "DROP DATABASE `ddb_meta`"})
    void systemSchemasAreRefusedWhereverTheyAreNamed(String sql) {
        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.SYSTEM_SCHEMA));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'mysql.user' FROM users",
            "SELECT * FROM users WHERE note = \"ddb_meta.log\"",
            "SELECT sys FROM users",
            "SELECT u.mysql FROM users u",
            "SHOW TABLES LIKE 'mysql%'",
            "INSERT INTO users (note) VALUES ('see information_schema.tables')"})
    void schemaNamesInStringsOrAsPlainColumnsAreNotReferences(String sql) {
        assertThat(classifier.classify(sql).kind()).isIn(StatementKind.READ, StatementKind.WRITE);
    }
}
