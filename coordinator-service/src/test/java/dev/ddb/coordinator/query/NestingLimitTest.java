package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements nested deeper than the parser can handle quickly are refused with 400 before they cost seconds of a
 * thread that serves other connections (a statement 5,000 parentheses deep took the parser 30 s), or overflow its
 * stack (the launcher runs the services with 512 KB thread stacks).
 */
class NestingLimitTest {

    /** The launcher's {@code -Xss512k}. */
    private static final long SERVICE_THREAD_STACK = 512 * 1024;

    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(), () -> new UUID(0, 1), () -> 0.5);

    @ParameterizedTest
    @ValueSource(ints = {65, 5_000, 50_000})
    void parenthesesNestedDeeperThanTheLimitAreRefusedBeforeParsing(int depth) {
        String sql = "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth);

        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(RejectionCode.TOO_DEEPLY_NESTED))
                .hasMessageContaining("64");
    }

    /** Deep enough to overflow a 512 KB stack however the JIT has compiled the parser (5,000 did only before it had). */
    @ParameterizedTest
    @ValueSource(ints = {50_000, 200_000})
    void expressionsNestedWithoutParenthesesAreRefusedInsteadOfOverflowingTheStack(int depth) throws Exception {
        for (String sql : new String[] {"SELECT NOT " + "NOT ".repeat(depth) + "1",
                "SELECT " + "CASE WHEN 1 THEN ".repeat(depth) + "1" + " END".repeat(depth)}) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread serviceSized = new Thread(null, () -> {
                try {
                    classifier.classify(sql);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "512k-stack", SERVICE_THREAD_STACK);
            serviceSized.start();
            serviceSized.join();
            assertThat(thrown.get()).isInstanceOfSatisfying(QueryRejectedException.class,
                    refused -> assertThat(refused.code()).isEqualTo(RejectionCode.TOO_DEEPLY_NESTED));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 64})
    void nestingWithinTheLimitIsAccepted(int depth) {
        assertThat(classifier.classify("SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth)).kind())
                .isEqualTo(StatementKind.READ);
    }

    @org.junit.jupiter.api.Test
    void aLongStatementTheParserCannotFinishInTimeIsRefusedAndAnotherStillParses() {
        StringBuilder insert = new StringBuilder("INSERT INTO orders (id, note) VALUES (0, 'a')");
        for (int i = 1; i < 5_000; i++) {
            insert.append(", (").append(i).append(", 'a')");
        }
        String sql = insert.toString();
        QueryClassifier impatient = new QueryClassifier("ddb", TestCatalog.shop(), () -> new UUID(0, 1), () -> 0.5,
                java.time.Duration.ofNanos(1));

        assertThatThrownBy(() -> impatient.classify(sql))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(RejectionCode.TOO_COMPLEX))
                .hasMessageContaining("could not be parsed within");
        assertThat(classifier.classify(sql).kind()).isEqualTo(StatementKind.WRITE);
        assertThat(impatient.classify("INSERT INTO orders (id, note) VALUES (1, 'short')").kind())
                .isEqualTo(StatementKind.WRITE);
    }
}
