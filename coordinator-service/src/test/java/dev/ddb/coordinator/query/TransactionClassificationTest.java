package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class TransactionClassificationTest {

    private final QueryClassifier classifier = new QueryClassifier("ddb", TestCatalog.shop(),
            LongStream.iterate(1, n -> n + 1).mapToObj(n -> new UUID(0, n)).iterator()::next, () -> 0.5);

    @Test
    void writesFormOneTransactionWithEveryTableTheyName() {
        ClassifiedTransaction transaction = classifier.classifyTransaction(List.of(
                "UPDATE accounts SET balance = balance - 10 WHERE id = 1",
                "UPDATE accounts SET balance = balance + 10 WHERE id = 2",
                "INSERT INTO transfers (id, amount) VALUES (UUID(), 10)"));

        assertThat(transaction.statements()).extracting(ClassifiedStatement::kind).containsOnly(StatementKind.WRITE);
        assertThat(transaction.tables()).containsExactly("ddb.accounts", "ddb.transfers");
        assertThat(transaction.statements().get(2).sql())
                .isEqualTo("INSERT INTO transfers (id, amount) VALUES ('00000000-0000-0000-0000-000000000001', 10)");
    }

    @Test
    void ddlIsRefusedInsideATransactionBecauseMysqlCommitsItImplicitly() {
        assertThatThrownBy(() -> classifier.classifyTransaction(List.of(
                "INSERT INTO t VALUES (1)", "CREATE TABLE u (id INT)", "INSERT INTO u VALUES (1)")))
                .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectionCode.NOT_DML_IN_TRANSACTION);
                    assertThat(rejected.getMessage()).startsWith("Statement 2 of 3 in queries").contains("implicitly");
                });
    }

    @Test
    void readsAreRefusedInsideATransaction() {
        assertThatThrownBy(() -> classifier.classifyTransaction(List.of("SELECT * FROM t FOR UPDATE", "DELETE FROM t")))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.NOT_DML_IN_TRANSACTION));
    }

    @Test
    void aRefusedStatementKeepsItsCodeAndSaysWhichOneItIs() {
        assertThatThrownBy(() -> classifier.classifyTransaction(List.of("INSERT INTO t VALUES (1)", "COMMIT")))
                .isInstanceOfSatisfying(QueryRejectedException.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectionCode.TRANSACTION_CONTROL);
                    assertThat(rejected.getMessage()).startsWith("Statement 2 of 2 in queries: COMMIT");
                });
    }

    @Test
    void lastInsertIdMayFollowAnInsertOfTheSameTransaction() {
        ClassifiedTransaction transaction = classifier.classifyTransaction(List.of(
                "INSERT INTO orders (user_id) VALUES (7)",
                "INSERT INTO order_items (order_id, sku) VALUES (LAST_INSERT_ID(), 'book')"));

        assertThat(transaction.statements()).hasSize(2);
        assertThatThrownBy(() -> classifier.classifyTransaction(List.of(
                "UPDATE orders SET n = 1 WHERE id = LAST_INSERT_ID()", "INSERT INTO orders (user_id) VALUES (7)")))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.NONDETERMINISTIC));
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> classifier.classifyTransaction(List.of()))
                .isInstanceOfSatisfying(QueryRejectedException.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.EMPTY_QUERY));
    }
}
