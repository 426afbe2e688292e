package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

class SchemaChangeTest {

    private static LogEntry entry(String sql) {
        return LogEntry.create(1, "TXN-1-00000000", 0, List.of(new LoggedStatement(sql, List.of(), 0)), "1", Set.of(),
                Privileges.CLIENT);
    }

    @Test
    void ddlIsRecognisedBehindWhitespaceAndComments() {
        assertThat(SchemaChange.isSchemaChange(entry("  /* why */ -- note\n# more\n\tcreate TABLE t (id INT)"))).isTrue();
        assertThat(SchemaChange.isSchemaChange(entry("TRUNCATE TABLE t"))).isTrue();
        assertThat(SchemaChange.isSchemaChange(entry("RENAME TABLE a TO b"))).isTrue();
    }

    @Test
    void dmlIsNotDdl() {
        assertThat(SchemaChange.isSchemaChange(entry("INSERT INTO created (x) VALUES ('DROP')"))).isFalse();
        assertThat(SchemaChange.isSchemaChange(entry("/* CREATE */ UPDATE t SET x = 1"))).isFalse();
        assertThat(SchemaChange.isSchemaChange(entry("REPLACE INTO t VALUES (1)"))).isFalse();
    }
}
