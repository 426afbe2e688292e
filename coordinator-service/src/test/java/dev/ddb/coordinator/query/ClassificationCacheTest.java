package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

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
}
