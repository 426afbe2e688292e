package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire shape of {@code POST /query}: field names, and which fields are left out. */
class QueryBodyTest {

    private static String json(QueryBody body) {
        return new String(body.toJson(), StandardCharsets.UTF_8);
    }

    @Test
    void statementWithParametersAndMinTimestampSendsEveryField() {
        assertThat(json(new QueryBody("SELECT v FROM t WHERE k = ?", List.of("a"), "EVENTUAL", 42L)))
                .isEqualTo("{\"query\":\"SELECT v FROM t WHERE k = ?\",\"params\":[\"a\"],"
                        + "\"consistency\":\"EVENTUAL\",\"min_timestamp\":42}");
    }

    @Test
    void noParametersAndNoMinTimestampLeaveBothOut() {
        assertThat(json(new QueryBody("INSERT INTO t VALUES (1)", List.of(), "STRONG", null)))
                .isEqualTo("{\"query\":\"INSERT INTO t VALUES (1)\",\"consistency\":\"STRONG\"}");
    }
}
