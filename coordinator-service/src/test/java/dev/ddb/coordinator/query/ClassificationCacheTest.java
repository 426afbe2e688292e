package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ClassificationCacheTest {

    private final AtomicInteger uuids = new AtomicInteger();
    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(),
            () -> new UUID(0, uuids.incrementAndGet()), () -> 0.5);

    @Test
    void repeatedTextIsClassifiedOnceAndAnswersTheSameResult() {
        ClassifiedStatement first = classifier.classify("INSERT INTO users (name, email) VALUES (?, ?)");
        ClassifiedStatement second = classifier.classify("INSERT INTO users (name, email) VALUES (?, ?)");

        assertThat(second).isSameAs(first);
        assertThat(second.placeholderCount()).isEqualTo(2);
    }

    @Test
    void rewrittenStatementsGetFreshValuesEveryTime() {
        ClassifiedStatement first = classifier.classify("INSERT INTO users (name, email) VALUES (UUID(), 'a@example.com')");
        ClassifiedStatement second = classifier.classify("INSERT INTO users (name, email) VALUES (UUID(), 'a@example.com')");

        assertThat(first.sql()).isNotEqualTo(second.sql());
        assertThat(uuids.get()).isEqualTo(2);
    }

    @Test
    void statementsDifferingOnlyInLiteralsShareOneClassificationOfTheirDigest() {
        BoundStatement first = classifier.classify("INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com')", List.of());
        BoundStatement second = classifier.classify("INSERT INTO users (name, email) VALUES ('Bo', 'bo@example.com')", List.of());

        assertThat(second.statement()).isSameAs(first.statement());
        assertThat(first.statement().sql()).isEqualTo("INSERT INTO users (name, email) VALUES (?, ?)");
        assertThat(first.params()).containsExactly("Ann", "ann@example.com");
        assertThat(second.params()).containsExactly("Bo", "bo@example.com");
        // A client sending the digest with params gets the same classification.
        assertThat(classifier.classify("INSERT INTO users (name, email) VALUES (?, ?)", List.of("C", "c@example.com"))
                .statement()).isSameAs(first.statement());
    }

    @Test
    void readsShareTheirDigestsClassificationButRunAsTheClientWroteThem() {
        BoundStatement first = classifier.classify("SELECT name, CONCAT(\"#\", id) FROM users WHERE id = 1;", List.of());
        BoundStatement second = classifier.classify("SELECT name, CONCAT(\"#\", id) FROM users WHERE id = 2", List.of());

        assertThat(first.statement().sql()).isEqualTo("SELECT name, CONCAT(\"#\", id) FROM users WHERE id = 1");
        assertThat(second.statement().sql()).isEqualTo("SELECT name, CONCAT(\"#\", id) FROM users WHERE id = 2");
        assertThat(first.params()).isEmpty();
        assertThat(second.statement().tables()).containsExactly("ddb.users");
        assertThat(second.statement().kind()).isEqualTo(StatementKind.READ);
    }

    @Test
    void literalsAndTheClientsParametersAreBoundTogether() {
        BoundStatement bound = classifier.classify("UPDATE users SET name = ? WHERE id = 3", Arrays.asList((Object) null));

        assertThat(bound.statement().sql()).isEqualTo("UPDATE users SET name = ? WHERE id = ?");
        assertThat(bound.params()).containsExactly(null, 3L);
    }

    @Test
    void aDigestThatIsRefusedLeavesTheVerdictToTheClientsText() {
        // CHAR(?) does not parse, so the statement is classified as written, and accepted.
        BoundStatement cast = classifier.classify("SELECT CAST(name AS CHAR(10)) FROM users WHERE id = 5", List.of());
        assertThat(cast.statement().sql()).isEqualTo("SELECT CAST(name AS CHAR(10)) FROM users WHERE id = 5");
        assertThat(cast.params()).isEmpty();

        // A refusal names the client's own text.
        assertThatThrownBy(() -> classifier.classify("INSERT INTO 'users' (name) VALUES ('x')", List.of()))
                .isInstanceOf(QueryRejectedException.class)
                .hasMessageContaining("`users`");
    }

    @Test
    void aRewrittenStatementStaysAsTheClientWroteIt() {
        BoundStatement first = classifier.classify("INSERT INTO users (name, email) VALUES (UUID(), 'a@example.com')", List.of());
        BoundStatement second = classifier.classify("INSERT INTO users (name, email) VALUES (UUID(), 'b@example.com')", List.of());

        assertThat(first.statement().sql()).contains("'a@example.com'").doesNotContain("UUID()");
        assertThat(second.statement().sql()).contains("'b@example.com'");
        assertThat(first.params()).isEmpty();
    }

    @Test
    void theClientsPlaceholdersMustStillMatchItsParameters() {
        assertThatThrownBy(() -> classifier.classify("UPDATE users SET name = ? WHERE id = 3", List.of()))
                .isInstanceOf(QueryRejectedException.class)
                .hasMessageContaining("1 ? placeholder but 0 values were given");
    }

    @Test
    void aStatementRefusedForWhatItDoesIsRefusedWithOrWithoutItsLiterals() {
        assertThatThrownBy(() -> classifier.classify("DELETE FROM users WHERE name = 'x' LIMIT 1", List.of()))
                .isInstanceOf(QueryRejectedException.class)
                .extracting(refused -> ((QueryRejectedException) refused).code())
                .isEqualTo(RejectionCode.UNORDERED_LIMIT);
    }
}
