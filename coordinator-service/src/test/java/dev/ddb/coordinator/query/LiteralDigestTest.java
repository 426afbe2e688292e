package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LiteralDigestTest {

    private static Optional<LiteralDigest> digest(String sql) {
        return LiteralDigest.of(SqlTokens.lex(sql));
    }

    private static String text(String sql) {
        return digest(sql).orElseThrow().text();
    }

    private static List<Object> values(String sql, Object... clientParams) {
        return digest(sql).orElseThrow().bind(Arrays.asList(clientParams));
    }

    @Test
    void stringsAndWholeNumbersBecomePlaceholders() {
        String insert = "INSERT INTO t (k, c, pad) VALUES (123, 'xxx', \"ppp\")";
        assertThat(text(insert)).isEqualTo("INSERT INTO t (k, c, pad) VALUES (?, ?, ?)");
        assertThat(values(insert)).containsExactly(123L, "xxx", "ppp");
        assertThat(text("UPDATE t SET v = v + 1 WHERE id = 42;")).isEqualTo("UPDATE t SET v = v + ? WHERE id = ?");
        assertThat(text("DELETE FROM t WHERE id IN (1, 2, 3)")).isEqualTo("DELETE FROM t WHERE id IN (?, ?, ?)");
        assertThat(text("SELECT name FROM users WHERE id = 7 LIMIT 1")).isEqualTo("SELECT name FROM users WHERE id = ? LIMIT ?");
        assertThat(text("REPLACE INTO t VALUES (0, -5)")).isEqualTo("REPLACE INTO t VALUES (?, -?)");
    }

    @Test
    void theClientsPlaceholdersTakeTheirParametersInTextOrder() {
        assertThat(values("INSERT INTO t (a, b, c, d) VALUES (?, 'x', ?, 9)", "p1", null))
                .containsExactly("p1", "x", null, 9L);
        assertThat(digest("INSERT INTO t (a, b) VALUES (?, 'x')").orElseThrow().clientPlaceholders()).isEqualTo(1);
    }

    @Test
    void escapesAreReadAsMySqlReadsThem() {
        assertThat(values("SELECT 'it''s', \"say \"\"hi\"\"\", 'a\\'b', 'x\\\\y', 'l1\\nl2\\tt', 'q\\qz', '\\0\\Z\\b\\r'"))
                .containsExactly("it's", "say \"hi\"", "a'b", "x\\y", "l1\nl2\tt", "qqz", "\0\032\b\r");
        // \% and \_ keep their backslash: LIKE reads them as escaped wildcards.
        assertThat(values("SELECT * FROM t WHERE a LIKE '50\\%' OR b LIKE 'a\\_b'")).containsExactly("50\\%", "a\\_b");
        assertThat(values("SELECT 'ünïcode 😀'")).containsExactly("ünïcode 😀");
    }

    @Test
    void literalsWhoseBoundValueWouldMeanSomethingElseStay() {
        assertThat(text("SELECT a FROM t WHERE x = 1.5 AND y = 1e3 AND z = .5 AND w = 0x1F AND v = 007 AND u = 3"))
                .isEqualTo("SELECT a FROM t WHERE x = 1.5 AND y = 1e3 AND z = .5 AND w = 0x1F AND v = 007 AND u = ?");
        assertThat(text("SELECT a FROM t WHERE s = _utf8mb4'x' AND b = X'0A' AND d = DATE'2026-01-01' AND n = 'n'"))
                .isEqualTo("SELECT a FROM t WHERE s = _utf8mb4'x' AND b = X'0A' AND d = DATE'2026-01-01' AND n = ?");
        assertThat(text("SELECT a AS 'alias', b FROM t WHERE c LIKE 'x!%' ESCAPE '!' AND d = 'a' COLLATE 'utf8mb4_bin'"))
                .isEqualTo("SELECT a AS 'alias', b FROM t WHERE c LIKE ? ESCAPE '!' AND d = ? COLLATE 'utf8mb4_bin'");
        assertThat(text("SELECT a FROM t WHERE id = 9999999999999999999 OR id = 5"))
                .isEqualTo("SELECT a FROM t WHERE id = 9999999999999999999 OR id = ?");
    }

    @Test
    void positionsInOrderByAndGroupByStayUntilTheirParenthesisCloses() {
        assertThat(text("SELECT a, COUNT(*) FROM t WHERE b = 2 GROUP BY 1 ORDER BY 1 LIMIT 10"))
                .isEqualTo("SELECT a, COUNT(*) FROM t WHERE b = ? GROUP BY 1 ORDER BY 1 LIMIT 10");
        assertThat(text("SELECT a FROM t WHERE id IN (SELECT id FROM u ORDER BY 1 LIMIT 3) AND c = 4"))
                .isEqualTo("SELECT a FROM t WHERE id IN (SELECT id FROM u ORDER BY 1 LIMIT 3) AND c = ?");
    }

    @Test
    void statementsItCannotDigestSafelyAreLeftAlone() {
        assertThat(digest("SELECT a FROM t")).isEmpty();
        assertThat(digest("SELECT 'a' 'b'")).isEmpty();
        assertThat(digest("SELECT a FROM t WHERE id = 1 -- why")).isEmpty();
        assertThat(digest("SELECT a FROM t /* hint */ WHERE id = 1")).isEmpty();
        assertThat(digest("SELECT a FROM t WHERE id = 1 # note")).isEmpty();
        assertThat(digest("SELECT 5--1")).isEmpty();
        assertThat(digest("CREATE TABLE t (c VARCHAR(10) DEFAULT 'x')")).isEmpty();
        assertThat(digest("SHOW TABLES LIKE 'u%'")).isEmpty();
        assertThat(digest("SELECT 1; SELECT 2")).isEmpty();
        assertThat(values("SELECT 'a\\éb', 'c'")).containsExactly("c");
    }
}
