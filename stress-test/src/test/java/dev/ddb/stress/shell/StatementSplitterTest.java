package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    @Test
    void eachSemicolonEndsAStatementAndTheRestIsPending() {
        StatementSplitter.Split split = StatementSplitter.split("SELECT 1; SELECT 2 ;\nINSERT INTO t VALUES (1)");

        assertThat(split.statements()).containsExactly("SELECT 1", "SELECT 2");
        assertThat(split.remainder()).isEqualTo("INSERT INTO t VALUES (1)");
        assertThat(split.complete()).isFalse();
    }

    @Test
    void aStatementMaySpanLines() {
        StatementSplitter.Split split = StatementSplitter.split("INSERT INTO t\n  VALUES (1),\n  (2);");

        assertThat(split.statements()).containsExactly("INSERT INTO t\n  VALUES (1),\n  (2)");
        assertThat(split.complete()).isTrue();
    }

    @Test
    void semicolonsInsideStringsAndQuotedIdentifiersDoNotEndAStatement() {
        StatementSplitter.Split split = StatementSplitter.split(
                "INSERT INTO `odd;name` VALUES ('a;b', \"c;d\", 'it''s;', 'back\\';slash');");

        assertThat(split.statements())
                .containsExactly("INSERT INTO `odd;name` VALUES ('a;b', \"c;d\", 'it''s;', 'back\\';slash')");
    }

    @Test
    void anUnclosedStringKeepsTheStatementOpenAcrossItsSemicolon() {
        StatementSplitter.Split split = StatementSplitter.split("INSERT INTO t VALUES ('half;");

        assertThat(split.statements()).isEmpty();
        assertThat(split.remainder()).isEqualTo("INSERT INTO t VALUES ('half;");
    }

    @Test
    void semicolonsInsideCommentsDoNotEndAStatementAndCommentsStayInIt() {
        StatementSplitter.Split split = StatementSplitter.split(
                "SELECT 1 -- one; two\n, 2 # three; four\n, /* five; */ 3;");

        assertThat(split.statements()).containsExactly("SELECT 1 -- one; two\n, 2 # three; four\n, /* five; */ 3");
    }

    @Test
    void doubleDashWithoutABlankIsAnOperatorNotAComment() {
        StatementSplitter.Split split = StatementSplitter.split("SELECT 5--1; SELECT 2;");

        assertThat(split.statements()).containsExactly("SELECT 5--1", "SELECT 2");
    }

    @Test
    void blanksCommentsAndEmptyStatementsAreNothingToRun() {
        StatementSplitter.Split split = StatementSplitter.split(" ;; -- a note\n/* another */ ");

        assertThat(split.statements()).isEmpty();
        assertThat(split.complete()).isTrue();
    }

    @Test
    void aCommentAfterTheLastSemicolonLeavesNothingPending() {
        StatementSplitter.Split split = StatementSplitter.split("DELETE FROM t WHERE id = 1; -- done");

        assertThat(split.statements()).containsExactly("DELETE FROM t WHERE id = 1");
        assertThat(split.complete()).isTrue();
    }
}
