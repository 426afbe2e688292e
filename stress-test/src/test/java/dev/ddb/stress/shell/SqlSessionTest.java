package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.client.CoordinatorUrls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the session decides before anything is sent; sending is proven against a real coordinator in SqlShellTerminalTest. */
class SqlSessionTest {

    /** Nothing listens on port 1, so a test that reached the network would fail with "cannot reach". */
    private static final CoordinatorUrls NOBODY = CoordinatorUrls.parse("http://127.0.0.1:1");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final SqlSession session = new SqlSession(NOBODY, "STRONG", new PrintWriter(out), new PrintWriter(err));

    @Test
    void aStatementNeedsMoreUntilItsSemicolonWhileCommandsAndBlanksNeverDo() {
        assertThat(SqlSession.needsMore("SELECT *\nFROM users")).isTrue();
        assertThat(SqlSession.needsMore("SELECT *\nFROM users;")).isFalse();
        assertThat(SqlSession.needsMore("SELECT ';")).isTrue();
        assertThat(SqlSession.needsMore(":log 5 users")).isFalse();
        assertThat(SqlSession.needsMore("EXIT")).isFalse();
        assertThat(SqlSession.needsMore("   ")).isFalse();
    }

    @Test
    void exitQuitAndTheirCommandsEndTheSessionInAnyCase() {
        for (String word : new String[] {"EXIT", "quit", "Quit;", ":exit", ":QUIT"}) {
            assertThat(session.handle(word)).as(word).isEqualTo(SqlSession.Next.EXIT);
        }
        assertThat(session.handle("exits")).isEqualTo(SqlSession.Next.READ_MORE);
    }

    @Test
    void consistencyIsShownSetInAnyCaseAndRefusedWhenUnknown() {
        assertThat(session.runAll(":consistency")).isTrue();
        assertThat(session.runAll(":consistency eventual")).isTrue();
        assertThat(session.runAll(":consistency QUORUM")).isFalse();

        assertThat(out.toString()).isEqualTo("consistency STRONG\nconsistency EVENTUAL\n");
        assertThat(err.toString()).isEqualTo("ERROR :consistency takes STRONG or EVENTUAL, got 'QUORUM'\n");
    }

    @Test
    void unknownCommandsAndBadArgumentsAreOneLineEach() {
        assertThat(session.runAll(":tables")).isFalse();
        assertThat(session.runAll(":log users 5")).isFalse();
        assertThat(session.runAll(":log 5 users more")).isFalse();
        assertThat(session.runAll(":log 0")).isFalse();
        assertThat(session.runAll(":node localhost:9000")).isFalse();

        assertThat(err.toString().lines()).containsExactly(
                "ERROR unknown command ':tables'; :help lists the commands",
                "ERROR :log takes a count and a table name, e.g. :log 10 users; got 'users 5'",
                "ERROR :log takes a count and a table name, e.g. :log 10 users; got '5 users more'",
                "ERROR :log needs a count of at least 1, got 0",
                "ERROR 'localhost:9000' is not an http:// URL with a host, e.g. http://127.0.0.1:9000");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableCoordinatorIsNamedInOneLine() {
        assertThat(session.runAll("SELECT 1; SELECT 2")).isFalse();

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("ERROR cannot reach the coordinator at http://127.0.0.1:1 (")
                .endsWith("is the suite up (./ddb up)?");
    }

    @Test
    void aScriptRunsItsCommandsLineByLineAndStopsAtTheFirstFailure() throws IOException {
        boolean succeeded = session.runScript(new BufferedReader(new StringReader("""
                :consistency eventual

                :consistency quorum
                :consistency strong
                """)));

        assertThat(succeeded).isFalse();
        assertThat(out.toString()).isEqualTo("consistency EVENTUAL\n");
        assertThat(err.toString()).isEqualTo("ERROR :consistency takes STRONG or EVENTUAL, got 'quorum'\n");
    }

    @Test
    void aScriptEndsAtExit() throws IOException {
        assertThat(session.runScript(new BufferedReader(new StringReader(":help\nquit\nSELECT 1;\n")))).isTrue();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(session.runAll(":help")).isTrue();

        assertThat(out.toString()).contains(":node [URL[,URL...]]", ":info", ":consistency [STRONG|EVENTUAL]", ":log [N] [table]",
                ":help", ":exit");
    }

    @Test
    void nothingToRunIsAFailureOfExecute() {
        assertThat(session.runAll("  ; -- nothing")).isFalse();

        assertThat(err.toString()).isEqualTo("ERROR no statement to run\n");
    }
}
