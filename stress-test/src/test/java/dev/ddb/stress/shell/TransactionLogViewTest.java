package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Renders {@code GET /transactions} answers of the shape the issue gives. */
class TransactionLogViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void eachEntryIsARowWithItsTablesAppliersAndStatements() {
        String text = TransactionLogView.render(JSON.readTree("""
                {"transactions":[
                  {"txn_id":"TXN-2-b","timestamp":9,"epoch":1,
                   "statements":["UPDATE products SET stock = stock - 1 WHERE id = 1","INSERT INTO users (name) VALUES (?)"],
                   "tables":["products","users"],"applied_by":["instance-1","instance-2"]},
                  {"txn_id":"TXN-1-a","timestamp":7,"epoch":1,"statements":["CREATE TABLE t (id INT)"],
                   "tables":["t"],"applied_by":["instance-1","instance-2","instance-3"]}],
                 "count":2}"""));

        assertThat(text).isEqualTo("""
                timestamp  txn_id   epoch  tables          applied by                        statements
                ---------  -------  -----  --------------  --------------------------------  --------------------------------------------------------------------------------
                        9  TXN-2-b      1  products,users  instance-1,instance-2             UPDATE products SET stock = stock - 1 WHERE id = 1; INSERT INTO users (name) ...
                        7  TXN-1-a      1  t               instance-1,instance-2,instance-3  CREATE TABLE t (id INT)
                2 transactions
                """);
    }

    @Test
    void statementsGivenAsObjectsShowTheirSql() {
        assertThat(TransactionLogView.statements(JSON.readTree("""
                [{"sql":"DELETE FROM t WHERE id = ?","params":[3]}]"""))).isEqualTo("DELETE FROM t WHERE id = ?");
    }

    @Test
    void anEmptyLogSaysSo() {
        assertThat(TransactionLogView.render(JSON.readTree("{\"transactions\":[],\"count\":0}")))
                .isEqualTo("no transactions logged\n");
    }
}
