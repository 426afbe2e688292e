package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class TablesTouchedTest {

    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(), UUID::randomUUID, () -> 0.5);

    private Iterable<String> tables(String sql) {
        return classifier.classify(sql).tables();
    }

    @Test
    void unqualifiedNamesAreInTheDefaultDatabase() {
        assertThat(tables("SELECT * FROM users")).containsExactly("ddb.users");
        assertThat(new QueryClassifier("shop", TestCatalog.shop(), UUID::randomUUID, () -> 0.5).classify("SELECT * FROM orders").tables())
                .containsExactly("shop.orders");
    }

    @Test
    void qualifiedAndBacktickedNamesAreWrittenWithoutQuotes() {
        assertThat(tables("SELECT * FROM `shop`.`order items` o JOIN ddb.users AS u ON o.uid = u.id"))
                .containsExactly("ddb.users", "shop.order items");
    }

    @Test
    void tablesInSubqueriesAndJoinsCountButAliasesAndCommonTableExpressionsDoNot() {
        assertThat(tables("WITH recent AS (SELECT * FROM orders) SELECT r.* FROM recent r"
                + " JOIN users u ON u.id = r.uid WHERE u.id IN (SELECT uid FROM bans)"))
                .containsExactly("ddb.bans", "ddb.orders", "ddb.users");
    }

    @Test
    void writesNameTheirTargetAndTheirSources() {
        assertThat(tables("INSERT INTO archive SELECT * FROM users")).containsExactly("ddb.archive", "ddb.users");
        assertThat(tables("UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.x = t2.x")).containsExactly("ddb.t1", "ddb.t2");
        assertThat(tables("DELETE a FROM users a JOIN orders b ON a.id = b.uid")).containsExactly("ddb.orders", "ddb.users");
        assertThat(tables("REPLACE INTO shop.t VALUES (1)")).containsExactly("shop.t");
    }

    @Test
    void ddlNamesTheTablesItDefinesAndReferences() {
        assertThat(tables("CREATE TABLE t (id INT)")).containsExactly("ddb.t");
        assertThat(tables("CREATE TABLE copy LIKE shop.users")).containsExactly("ddb.copy", "shop.users");
        assertThat(tables("CREATE INDEX by_name ON shop.users (name)")).containsExactly("shop.users");
        assertThat(tables("DROP INDEX by_name ON `shop`.`users`")).containsExactly("shop.users");
        assertThat(tables("DROP TABLE a, shop.b")).containsExactly("ddb.a", "shop.b");
        assertThat(tables("RENAME TABLE a TO b")).containsExactly("ddb.a", "ddb.b");
        assertThat(tables("ALTER VIEW v AS SELECT * FROM users")).containsExactly("ddb.users", "ddb.v");
        assertThat(tables("TRUNCATE users")).containsExactly("ddb.users");
    }

    @Test
    void databaseStatementsNameTheDatabase() {
        assertThat(tables("CREATE DATABASE shop")).containsExactly("shop");
        assertThat(tables("DROP SCHEMA IF EXISTS `shop`")).containsExactly("shop");
    }

    @Test
    void explainAndDescribeNameTheirTableAndShowNamesNone() {
        assertThat(tables("EXPLAIN users")).containsExactly("ddb.users");
        assertThat(tables("EXPLAIN SELECT * FROM orders")).containsExactly("ddb.orders");
        assertThat(tables("DESCRIBE shop.users")).containsExactly("shop.users");
        assertThat(tables("SHOW COLUMNS FROM users")).isEmpty();
    }
}
