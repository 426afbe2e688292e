package dev.ddb.mysql.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void schemaFileIsReadAsOneStatementPerSemicolonWithoutComments() {
        assertThat(Schema.statements()).hasSize(11);
        assertThat(Schema.statements().get(0)).startsWith("CREATE DATABASE IF NOT EXISTS ddb ");
        assertThat(Schema.statements()).allSatisfy(statement -> assertThat(statement).doesNotContain("--").doesNotEndWith(";"));
        assertThat(Schema.statements()).filteredOn(statement -> statement.startsWith("CREATE"))
                .allSatisfy(statement -> assertThat(statement).contains("IF NOT EXISTS"));
    }

    @Test
    void statementsSpanningLinesAreJoined() {
        assertThat(Schema.parse("-- comment\nCREATE TABLE t (\n  a INT\n);\n\nSELECT 1;\n"))
                .containsExactly("CREATE TABLE t (\na INT\n)", "SELECT 1");
    }

    @Test
    void aStatementWithoutSemicolonIsAnError() {
        assertThatIllegalStateException()
                .isThrownBy(() -> Schema.parse("SELECT 1;\nSELECT 2\n"))
                .withMessageContaining("SELECT 2");
    }
}
