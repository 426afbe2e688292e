package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class DeterministicRewriteTest {

    private static final String FIRST_UUID = "'00000000-0000-0000-0000-000000000001'";
    private static final String SECOND_UUID = "'00000000-0000-0000-0000-000000000002'";

    private final Iterator<UUID> uuids = LongStream.iterate(1, n -> n + 1).mapToObj(n -> new UUID(0, n)).iterator();
    private final Iterator<Double> randoms = List.of(0.25, 0.5, 0.75).iterator();
    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(), uuids::next, randoms::next);

    @Test
    void uuidAndRandInInsertedValuesBecomeLiteralsFromTheInjectedSources() {
        ClassifiedStatement statement = classifier.classify("INSERT INTO t (id, r, at) VALUES (UUID(), RAND(), NOW(6))");

        assertThat(statement.sql()).isEqualTo("INSERT INTO t (id, r, at) VALUES (" + FIRST_UUID + ", 0.25E0, NOW(6))");
        assertThat(statement.originalSql()).isEqualTo("INSERT INTO t (id, r, at) VALUES (UUID(), RAND(), NOW(6))");
        assertThat(statement.rewritten()).isTrue();
        assertThat(statement.substitutions()).containsExactly(
                new Substitution(34, "UUID()", FIRST_UUID),
                new Substitution(42, "RAND()", "0.25E0"));
    }

    @Test
    void everyCallGetsItsOwnLiteral() {
        ClassifiedStatement statement = classifier.classify("INSERT INTO t (id) VALUES (UUID()), (uuid( ))");

        assertThat(statement.sql()).isEqualTo("INSERT INTO t (id) VALUES (" + FIRST_UUID + "), (" + SECOND_UUID + ")");
    }

    @Test
    void callsNestedInWrittenValuesAreReplacedInPlace() {
        ClassifiedStatement statement = classifier.classify(
                "INSERT INTO t VALUES (UUID_TO_BIN(UUID()), CONCAT('r-', FLOOR(RAND() * 100)))");

        assertThat(statement.sql()).isEqualTo(
                "INSERT INTO t VALUES (UUID_TO_BIN(" + FIRST_UUID + "), CONCAT('r-', FLOOR(0.25E0 * 100)))");
    }

    @Test
    void setClausesOfInsertReplaceUpdateAndOnDuplicateKeyAreRewritten() {
        assertThat(classifier.classify("INSERT INTO t SET id = UUID()").sql())
                .isEqualTo("INSERT INTO t SET id = " + FIRST_UUID);
        assertThat(classifier.classify("REPLACE INTO t VALUES (1, RAND())").sql())
                .isEqualTo("REPLACE INTO t VALUES (1, 0.25E0)");
        assertThat(classifier.classify("UPDATE t SET token = UUID() WHERE id = 1").sql())
                .isEqualTo("UPDATE t SET token = " + SECOND_UUID + " WHERE id = 1");
        assertThat(classifier.classify("INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE r = RAND()").sql())
                .isEqualTo("INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE r = 0.5E0");
    }

    @Test
    void seededRandIsDeterministicAndKept() {
        ClassifiedStatement statement = classifier.classify("INSERT INTO t VALUES (RAND(42), RAND(?))");

        assertThat(statement.rewritten()).isFalse();
        assertThat(statement.sql()).isEqualTo("INSERT INTO t VALUES (RAND(42), RAND(?))");
    }

    @Test
    void sysdateBecomesNowWithTheSamePrecisionAnywhereInAWrite() {
        ClassifiedStatement statement = classifier.classify("DELETE FROM t WHERE at < sysdate(6) - INTERVAL 1 DAY");

        assertThat(statement.sql()).isEqualTo("DELETE FROM t WHERE at < NOW(6) - INTERVAL 1 DAY");
        assertThat(statement.substitutions()).containsExactly(new Substitution(25, "sysdate", "NOW"));
        assertThat(classifier.classify("UPDATE t SET at = SYSDATE() WHERE id = 1").sql())
                .isEqualTo("UPDATE t SET at = NOW() WHERE id = 1");
    }

    @Test
    void timeFunctionsFollowingTheLoggedTimestampStayAsWritten() {
        String sql = "INSERT INTO t VALUES (NOW(), NOW(6), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(3), CURDATE(),"
                + " UTC_TIMESTAMP(), UNIX_TIMESTAMP(), LOCALTIME)";

        ClassifiedStatement statement = classifier.classify(sql);

        assertThat(statement.sql()).isSameAs(sql);
        assertThat(statement.substitutions()).isEmpty();
    }

    @Test
    void readsAreNeverRewritten() {
        String sql = "SELECT UUID(), RAND(), SYSDATE() FROM t ORDER BY RAND()";

        ClassifiedStatement statement = classifier.classify(sql);

        assertThat(statement.sql()).isSameAs(sql);
        assertThat(statement.rewritten()).isFalse();
    }

    @Test
    void aStatementWithNothingToReplaceKeepsTheClientsTextExactly() {
        String sql = "INSERT  INTO users /* seed */ (name)\n\tVALUES (\"Alice\")";

        assertThat(classifier.classify(sql).sql()).isSameAs(sql);
    }

    @Test
    void whatFollowsTheStatementsLastTokenIsNotExecutedSoStatementsCanBeJoined() {
        String sql = "INSERT  INTO users /* seed */ (name)\n\tVALUES (\"Alice\") ; -- done\n";

        assertThat(classifier.classify(sql).sql()).isEqualTo("INSERT  INTO users /* seed */ (name)\n\tVALUES (\"Alice\")");
    }

    @Test
    void doubleQuotedStringsSurviveUnchangedBecauseOnlyTheCallsAreSpliced() {
        // JSqlParser's own deparser would print "alice@example.com" as the identifier "alice@example"."com".
        ClassifiedStatement statement = classifier.classify(
                "INSERT INTO users (name, email, note, id) VALUES (\"Alice\", \"alice@example.com\","
                        + " \"say \\\"hi\\\", it's \"\"fine\"\"\", UUID()) /* keep */");

        assertThat(statement.kind()).isEqualTo(StatementKind.WRITE);
        assertThat(statement.tables()).containsExactly("ddb.users");
        assertThat(statement.sql()).isEqualTo(
                "INSERT INTO users (name, email, note, id) VALUES (\"Alice\", \"alice@example.com\","
                        + " \"say \\\"hi\\\", it's \"\"fine\"\"\", " + FIRST_UUID + ")");
    }

    @Test
    void theSeedsDoubleQuotedInsertIsAWriteOnUsersAndKeptAsWritten() {
        String sql = "INSERT INTO users (name, email) VALUES (\"Alice\", \"alice@example.com\")";

        ClassifiedStatement statement = classifier.classify(sql);

        assertThat(statement.kind()).isEqualTo(StatementKind.WRITE);
        assertThat(statement.tables()).containsExactly("ddb.users");
        assertThat(statement.sql()).isSameAs(sql);
    }

    @Test
    void functionNamesInsideStringsAndCommentsAreNotCalls() {
        String sql = "INSERT INTO t VALUES ('UUID()', \"RAND()\" /* UUID_SHORT() */)";

        assertThat(classifier.classify(sql).sql()).isSameAs(sql);
    }

    @Test
    void randomValuesAreWrittenAsDoubleLiterals() {
        QueryClassifier tiny = new QueryClassifier("ddb", TestCatalog.shop(), UUID::randomUUID, () -> 1.0E-5);

        assertThat(tiny.classify("INSERT INTO t VALUES (RAND())").sql()).isEqualTo("INSERT INTO t VALUES (1.0E-5)");
    }
}
