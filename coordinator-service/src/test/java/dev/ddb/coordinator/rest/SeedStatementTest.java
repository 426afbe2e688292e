package dev.ddb.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ddb.coordinator.error.CoordinatorException;

/** The SQL each seed endpoint builds, and the input it refuses before any SQL exists. */
class SeedStatementTest {

    @Test
    void seedValuesStringBecomesBoundParameters() {
        SeedStatement insert = SeedStatement.insertValues("testdb", "users", "NULL, \"John Doe\", \"john@example.com\"");

        assertThat(insert.sql()).isEqualTo("INSERT INTO `testdb`.`users` VALUES (?, ?, ?)");
        assertThat(insert.params()).containsExactly(null, "John Doe", "john@example.com");
    }

    @Test
    void literalsKeepTheirTypesAndEscapes() {
        SeedStatement insert = SeedStatement.insertValues("d", "t", "-5, 2.50, 'it\\'s', \"say \"\"hi\"\"\", TRUE, 1e3");

        assertThat(insert.params()).containsExactly(-5L, new BigDecimal("2.50"), "it's", "say \"hi\"", true,
                new BigDecimal("1e3"));
    }

    @Test
    void injectionInValuesStaysData() {
        SeedStatement insert = SeedStatement.insertValues("d", "t", "'x\\'); DROP TABLE t; -- '");

        assertThat(insert.sql()).isEqualTo("INSERT INTO `d`.`t` VALUES (?)");
        assertThat(insert.params()).containsExactly("x'); DROP TABLE t; -- ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1, 2)", "NOW()", "1 2", "1,", "'open", "1; DROP TABLE t", "1 -- c", "(SELECT 1)", "-'x'"})
    void valuesThatAreNotOnlyLiteralsAreRefused(String values) {
        assertThatThrownBy(() -> SeedStatement.insertValues("d", "t", values))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isIn("INVALID_VALUES");
                });
    }

    @Test
    void recordsNameTheirColumns() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", "Jane Doe");
        record.put("email", null);

        SeedStatement insert = SeedStatement.insertRecord("testdb", "users", record);

        assertThat(insert.sql()).isEqualTo("INSERT INTO `testdb`.`users` (`name`, `email`) VALUES (?, ?)");
        assertThat(insert.params()).containsExactly("Jane Doe", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users`; DROP TABLE x; --", "a b", "", "ddb.users", "naïve", "x12345678901234567890123456789012345678901234567890123456789012345"})
    void namesOutsideLettersDigitsAndUnderscoresAreRefused(String name) {
        assertThatThrownBy(() -> SeedStatement.selectAll("testdb", name))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> SeedStatement.createDatabase(name))
                .isInstanceOf(CoordinatorException.class);
    }

    @Test
    void seedUpdateKeepsItsClausesAsWritten() {
        SeedStatement update = SeedStatement.update("testdb", "users", "name = \"John Smith\"", "Id = 1");

        assertThat(update.sql()).isEqualTo("UPDATE `testdb`.`users` SET name = \"John Smith\" WHERE Id = 1");
        assertThat(update.params()).isEmpty();
    }

    @Test
    void setMayAssignSeveralColumnsWithExpressions() {
        SeedStatement update = SeedStatement.update("d", "t", "a = a + 1, b = CONCAT(b, 'x'), c = NULL",
                "a > 2 AND (b LIKE 'J%' OR c IS NULL)");

        assertThat(update.sql()).endsWith("SET a = a + 1, b = CONCAT(b, 'x'), c = NULL WHERE a > 2 AND (b LIKE 'J%' OR c IS NULL)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name = 'x' WHERE 1 = 1",
        "name = 'x' -- ",
        "name = 'x' # ",
        "name = 'x' /* */",
        "name = 'x'; DROP TABLE users",
        "name = (SELECT password FROM mysql.user LIMIT 1)",
        "name = 'x' ORDER BY Id LIMIT 1",
        "name = 'x')",
        "name",
        "'x'",
        "name = 'unterminated"})
    void setThatIsNotOneAssignmentListIsRefused(String set) {
        assertThatThrownBy(() -> SeedStatement.update("d", "t", set, "Id = 1"))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_SET");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1 = 1 OR 1 = 1; DROP TABLE users",
        "Id = 1 -- and the rest",
        "Id IN (SELECT Id FROM other)",
        "EXISTS (SELECT 1)",
        "Id = 1 ORDER BY Id LIMIT 1",
        "Id = 1 LIMIT 1",
        "Id = 1) OR (1 = 1",
        "Id = 1 UNION SELECT 1",
        "Id = "})
    void whereThatIsNotOneConditionIsRefused(String where) {
        assertThatThrownBy(() -> SeedStatement.delete("d", "t", where))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_WHERE");
                });
    }

    @Test
    void whereIsRequiredForUpdateAndDelete() {
        assertThatThrownBy(() -> SeedStatement.delete("d", "t", null))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.code()).isEqualTo("MISSING_FIELD"));
        assertThatThrownBy(() -> SeedStatement.update("d", "t", "a = 1", " "))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.code()).isEqualTo("MISSING_FIELD"));
    }

    @Test
    void columnsGetTheSeedsIdColumnFirst() {
        String columns = ColumnDefinitions.fromColumns(List.of(new ColumnDefinitions.Column("name", "VARCHAR(50)"),
                new ColumnDefinitions.Column("email", "VARCHAR(100) NOT NULL DEFAULT \"\"")));

        assertThat(SeedStatement.createTable("testdb", "users", columns).sql()).isEqualTo("CREATE TABLE `testdb`.`users`"
                + " (`Id` INT AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(50), `email` VARCHAR(100) NOT NULL DEFAULT \"\")");
    }

    @Test
    void seedSchemaThatDeclaresItsOwnIdIsKeptAsWritten() {
        String schema = "id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100)";

        assertThat(ColumnDefinitions.fromSchema(schema)).isEqualTo(schema);
        assertThat(ColumnDefinitions.fromSchema("name VARCHAR(50), UNIQUE KEY (name)"))
                .isEqualTo("`Id` INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), UNIQUE KEY (name)");
        assertThat(ColumnDefinitions.fromSchema("code CHAR(3) PRIMARY KEY")).isEqualTo("code CHAR(3) PRIMARY KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a INT) SELECT * FROM mysql.user WHERE (1",
        "a INT) ENGINE=MEMORY",
        "a INT); DROP TABLE x; --",
        "a INT -- ",
        "`a b` INT",
        "a INT DEFAULT (SELECT 1)",
        ""})
    void schemaThatIsNotOnlyColumnDefinitionsIsRefused(String schema) {
        assertThatThrownBy(() -> ColumnDefinitions.fromSchema(schema))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT, evil INT", "INT) ENGINE=MEMORY (", "INT, PRIMARY KEY (x)", "INT -- "})
    void dataTypeThatHoldsMoreThanOneColumnIsRefused(String dataType) {
        assertThatThrownBy(() -> ColumnDefinitions.fromColumns(List.of(new ColumnDefinitions.Column("x", dataType))))
                .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void databaseStatementsQuoteTheName() {
        assertThat(SeedStatement.createDatabase("testdb").sql()).isEqualTo("CREATE DATABASE `testdb`");
        assertThat(SeedStatement.dropDatabase("testdb").sql()).isEqualTo("DROP DATABASE `testdb`");
        assertThat(Arrays.asList(SeedStatement.selectAll("testdb", "users").sql())).containsExactly(
                "SELECT * FROM `testdb`.`users`");
    }
}
