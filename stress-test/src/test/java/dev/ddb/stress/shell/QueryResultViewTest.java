package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.client.CoordinatorClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Renders answers in the shapes the coordinator's {@code POST /query} sends. */
class QueryResultViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Answer answer(int status, String body) {
        return new Answer(status, JSON.readTree(body), body);
    }

    @Test
    void rowsBecomeAnAlignedTableFollowedByTheRowCountAndTheInstance() {
        String text = QueryResultView.render(answer(200, """
                {"success":true,"message":"Read successful (2 rows from instance-3)",
                 "data":[{"id":1,"name":"Alice","email":"alice@example.com","score":null},
                         {"id":12,"name":"Bob","email":"bob@example.com","score":3.5}],
                 "row_count":2,"executed_on":"instance-3","consistency_level":"EVENTUAL","latency_ms":1.25}"""));

        assertThat(text).isEqualTo("""
                id  name   email              score
                --  -----  -----------------  -----
                 1  Alice  alice@example.com   NULL
                12  Bob    bob@example.com      3.5
                2 rows | node instance-3 | 1.3 ms
                """);
    }

    @Test
    void anEmptyResultSaysSoWithoutATable() {
        String text = QueryResultView.render(answer(200, """
                {"success":true,"data":[],"row_count":0,"executed_on":"instance-2","latency_ms":0.5}"""));

        assertThat(text).isEqualTo("no rows | node instance-2 | 0.5 ms\n");
    }

    @Test
    void aTruncatedResultSaysWhereItWasCut() {
        String text = QueryResultView.render(answer(200, """
                {"success":true,"data":[{"n":1}],"row_count":1,"truncated":true,"executed_on":"instance-1","latency_ms":2}"""));

        assertThat(text).endsWith("1 row | node instance-1 | truncated at 1 rows | 2.0 ms\n");
    }

    @Test
    void cellsKeepTheTableAlignedWhateverTheyHold() {
        String text = QueryResultView.table(JSON.readTree("""
                [{"note":"two\\nlines","tags":["a","b"],"flag":true}]"""));

        assertThat(text).isEqualTo("""
                note        tags       flag
                ----------  ---------  ----
                two\\nlines  ["a","b"]  true
                """);
    }

    @Test
    void aWriteNamesItsRowsInstanceTransactionTimestampAndQuorum() {
        String text = QueryResultView.render(answer(200, """
                {"success":true,"message":"Write successful (consistency: STRONG, timestamp: 7)",
                 "txn_id":"TXN-1763790000000-3f9a1c2b","timestamp":7,"rows_affected":1,"last_insert_id":4,
                 "executed_on":"instance-1","consistency_level":"STRONG","latency_ms":6.04,
                 "quorum_achieved":true,"acknowledged_by":["instance-2","instance-4"]}"""));

        assertThat(text).isEqualTo("1 row affected | node instance-1 | txn TXN-1763790000000-3f9a1c2b | timestamp 7"
                + " | insert id 4 | STRONG (applied by instance-2, instance-4) | 6.0 ms\n");
    }

    @Test
    void aSchemaChangeAffectsNoRows() {
        String text = QueryResultView.render(answer(200, """
                {"success":true,"txn_id":"TXN-1-a","timestamp":3,"rows_affected":0,"executed_on":"instance-1",
                 "consistency_level":"EVENTUAL","latency_ms":12.0}"""));

        assertThat(text).startsWith("0 rows affected | node instance-1 | txn TXN-1-a | timestamp 3 | EVENTUAL |");
    }

    @Test
    void aFailureIsOneLineWithStatusCodeAndSentence() {
        String text = QueryResultView.render(answer(409, """
                {"success":false,"error":"DUPLICATE_KEY","message":"Duplicate entry '1' for key 'PRIMARY'\\nin users"}"""));

        assertThat(text).isEqualTo("ERROR 409 DUPLICATE_KEY: Duplicate entry '1' for key 'PRIMARY'\\nin users\n");
    }

    @Test
    void aWriteMissingItsQuorumNamesWhoAppliedIt() {
        String line = QueryResultView.errorLine(answer(503, """
                {"success":false,"error":"QUORUM_NOT_REACHED","message":"committed on the master only",
                 "acknowledged_by":["instance-3"]}"""));

        assertThat(line).isEqualTo("ERROR 503 QUORUM_NOT_REACHED: committed on the master only (applied by instance-3)");
    }

    @Test
    void aNonJsonAnswerIsShownAsText() {
        Answer proxyPage = new Answer(502, null, "Bad Gateway");

        assertThat(QueryResultView.errorLine(proxyPage)).isEqualTo("ERROR 502 non-JSON answer: Bad Gateway");
    }
}
