package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import dev.ddb.stress.services.CoordinatorProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code sql} command, run as its own program against a real coordinator (with its timestamp server, over
 * {@code @LocalServers} instances): typed into through a pseudo-terminal the way a person would, and run with
 * {@code -e} the way a script would, exit status included.
 */
@LocalServers(count = 2)
class SqlShellTerminalTest {

    private static final Pattern WRITE_TXN = Pattern.compile("2 rows affected \\| node instance-1 \\| txn (TXN-[0-9a-f-]+) \\|");

    @TempDir
    static Path dir;

    static CoordinatorProcesses coordinator;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void startCoordinator(TestCluster cluster) throws Exception {
        coordinator = CoordinatorProcesses.start(cluster, dir);
    }

    @AfterAll
    static void stopCoordinator() throws InterruptedException {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void aPersonTypesStatementsOverLinesEditsAndRecallsThemAndSeesRowsNodeAndTransaction() throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("interactive"));
        coordinator.writeCredentials(runDir);
        String url = coordinator.url().toString();
        try (TmuxTerminal terminal = TmuxTerminal.run(shellCommand(runDir, "--coordinator", url))) {
            terminal.await("the greeting names the coordinator and its master, then the prompt", screen -> screen.contains(
                    "coordinator " + url + ": master instance-1, epoch ") && screen.endsWith("ddb>"));

            terminal.typeLine("CREATE TABLE shell_people (id INT PRIMARY KEY, name VARCHAR(40));");
            terminal.await("the schema change", screen -> screen.contains("0 rows affected | node instance-1 | txn TXN-")
                    && screen.endsWith("ddb>"));

            terminal.typeLine("INSERT INTO shell_people VALUES");
            terminal.await("the continuation prompt", screen -> screen.endsWith("\n  ->"));
            terminal.typeLine("(1, 'Ada; Lovelace'), (2, 'Linus');");
            String written = terminal.await("the two-line insert", screen -> WRITE_TXN.matcher(screen).find()
                    && screen.endsWith("ddb>"));
            Matcher txn = WRITE_TXN.matcher(written);
            assertThat(txn.find()).isTrue();
            assertThat(written).contains("ddb> INSERT INTO shell_people VALUES\n  -> (1, 'Ada; Lovelace'), (2, 'Linus');\n");

            terminal.typeLine("SELECT id, name FROM shell_people ORDER BY id;");
            terminal.await("the rows as a table, then count and node", screen -> screen.contains("""
                    id  name
                    --  -------------
                     1  Ada; Lovelace
                     2  Linus
                    2 rows | node instance-1 |"""));

            terminal.type("SELECT name FROM shell_people WHERE id = 3");
            terminal.press("BSpace");
            terminal.typeLine("1;");
            terminal.await("the edited statement's row", screen -> count(screen, "(?m)^Ada; Lovelace$") == 1
                    && screen.contains("1 row | node instance-1 |"));

            terminal.type("ELECT 'edited' AS x;");
            terminal.press("Home");
            terminal.type("S");
            terminal.press("Enter");
            terminal.await("the statement edited at its start", screen -> screen.contains("x\n------\nedited\n1 row |"));

            terminal.press("Up");
            terminal.await("the last statement recalled", screen -> screen.endsWith("ddb> SELECT 'edited' AS x;"));
            terminal.press("Up");
            terminal.await("the one before", screen -> screen.endsWith("ddb> SELECT name FROM shell_people WHERE id = 1;"));
            terminal.press("Enter");
            terminal.await("the recalled statement run again", screen -> count(screen, "(?m)^Ada; Lovelace$") == 2
                    && screen.endsWith("ddb>"));

            terminal.typeLine("SELECT * FROM no_such_table;");
            terminal.await("the error on one line, then the prompt", screen -> screen.matches(
                    "(?s).*\nERROR 400 [A-Z_]+: [^\n]*no_such_table[^\n]*\nddb>$"));

            terminal.typeLine(":consistency eventual");
            terminal.await("the new consistency", screen -> screen.endsWith("consistency EVENTUAL\nddb>"));
            terminal.typeLine("INSERT INTO shell_people VALUES (3, 'Grace');");
            terminal.await("an EVENTUAL write", screen -> screen.contains("1 row affected | node instance-1 | txn TXN-")
                    && screen.contains("| EVENTUAL |"));

            terminal.typeLine(":info");
            terminal.await("master, epoch and replicas", screen -> screen.contains("coordinator  " + url + "\n")
                    && screen.matches("(?s).*\nmaster       instance-1 \\(127\\.0\\.0\\.1:\\d+\\)\n.*")
                    && screen.matches("(?s).*\nepoch        \\d+\n.*")
                    && screen.matches("(?s).*\ninstance-2  127\\.0\\.0\\.1:\\d+ +(live|catching_up) .*"));

            terminal.typeLine(":log 5 shell_people");
            if (coordinator.statusOf("/transactions?limit=1") == 404) {
                terminal.await("the missing endpoint named in one line", screen -> screen.contains(
                        "has no transaction log endpoint (GET /transactions)"));
            } else {
                terminal.await("the logged insert with its transaction id", screen -> screen.contains(txn.group(1))
                        && screen.matches("(?s).*\n\\d+ transactions?\nddb>$"));
            }

            terminal.typeLine(":node http://127.0.0.1:1");
            terminal.await("an unreachable coordinator named", screen -> screen.contains(
                    "ERROR cannot reach the coordinator at http://127.0.0.1:1 ("));
            terminal.typeLine(":node " + url);
            terminal.await("back on the real one", screen -> screen.matches("(?s).*\ncoordinator " + Pattern.quote(url)
                    + ": master instance-1, epoch \\d+, consistency EVENTUAL\nddb>$"));

            terminal.typeLine(":exit");
            terminal.await("goodbye", screen -> screen.contains("\nBye\n"));
            assertThat(terminal.awaitExitStatus()).isZero();
        }
        assertThat(Files.readString(runDir.resolve("sql_history"))).contains("SELECT 'edited' AS x;", "(1, 'Ada; Lovelace')");
    }

    @Test
    void ctrlDOnAnEmptyLineEndsTheSession() throws Exception {
        try (TmuxTerminal terminal = TmuxTerminal.run(shellCommand(Files.createDirectories(dir.resolve("ctrl-d")),
                "--coordinator", coordinator.url().toString()))) {
            terminal.await("the prompt", screen -> screen.endsWith("ddb>"));

            terminal.press("C-d");

            terminal.await("goodbye", screen -> screen.contains("\nBye\n"));
            assertThat(terminal.awaitExitStatus()).isZero();
        }
    }

    @Test
    void executeRunsEveryStatementPrintsItsResultsAndExitsZero() throws Exception {
        Run run = execute("CREATE TABLE shell_batch (id INT PRIMARY KEY); INSERT INTO shell_batch VALUES (7);"
                + " SELECT id FROM shell_batch");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).containsPattern("(?m)^0 rows affected \\| node instance-1 \\| txn TXN-")
                .containsPattern("(?m)^1 row affected \\| node instance-1 \\| txn TXN-")
                .contains("id\n--\n 7\n1 row | node instance-1 |");
    }

    @Test
    void executeStopsAtTheFirstFailureWithOneLineAndExitsOne(TestCluster cluster) throws Exception {
        Run run = execute("INSERT INTO missing_table VALUES (1); CREATE TABLE shell_never (id INT)");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().matches("ERROR 400 [A-Z_]+: .*missing_table.*");
        try (Connection master = cluster.connect("instance-1", "information_schema");
             ResultSet tables = master.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM TABLES WHERE TABLE_SCHEMA = 'ddb' AND TABLE_NAME = 'shell_never'")) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getInt(1)).isZero();
        }
    }

    @Test
    void aPipedScriptRunsLikeTypedInputWithoutPromptsAndStopsAtTheFirstFailure(TestCluster cluster) throws Exception {
        Path script = dir.resolve("script.sql");
        Files.writeString(script, """
                :consistency eventual
                CREATE TABLE shell_script (id INT PRIMARY KEY);
                INSERT INTO shell_script
                  VALUES (1);
                INSERT INTO shell_script VALUES (1);
                INSERT INTO shell_script VALUES (2);
                """);

        Run run = execute(List.of("--coordinator", coordinator.url().toString()), script);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).startsWith("consistency EVENTUAL\n0 rows affected | node instance-1 |")
                .containsPattern("(?m)^1 row affected \\| node instance-1 \\| txn TXN-.* \\| EVENTUAL \\|")
                .doesNotContain("ddb>");
        assertThat(run.err().lines()).singleElement().asString().startsWith("ERROR 409 DUPLICATE_KEY: ");
        try (Connection master = cluster.connect("instance-1", "ddb");
             ResultSet rows = master.createStatement().executeQuery("SELECT COUNT(*) FROM shell_script")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isOne();
        }
    }

    @Test
    void executeExitsOneNamingACoordinatorThatDoesNotAnswer() throws Exception {
        Run run = execute(List.of("--coordinator", "http://127.0.0.1:1", "-e", "SELECT 1"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ERROR cannot reach the coordinator at http://127.0.0.1:1 (");
    }

    @Test
    void invalidOptionsExitTwo() throws Exception {
        Run run = execute(List.of("--consistency", "QUORUM", "-e", "SELECT 1"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--consistency must be STRONG or EVENTUAL, got 'QUORUM'");
    }

    private static Run execute(String statements) throws Exception {
        return execute(List.of("--coordinator", coordinator.url().toString(), "-e", statements));
    }

    private static Run execute(List<String> options) throws Exception {
        return execute(options, Files.writeString(Files.createTempFile(dir, "in-", ".txt"), ""));
    }

    private static Run execute(List<String> options, Path input) throws Exception {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(options);
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // The shell finds the suite's credentials there, as it would after ./ddb up.
        builder.environment().put("DDB_RUN_DIR", dir.toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("sql -e did not finish");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The command line a tmux pane runs: the shell with its history under {@code runDir}, on a terminal tmux emulates. */
    private static String shellCommand(Path runDir, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "TERM=screen", "DDB_RUN_DIR=" + runDir));
        command.addAll(javaCommand());
        command.addAll(List.of(options));
        return String.join(" ", command.stream().map(SqlShellTerminalTest::shellQuoted).toList());
    }

    /** {@code java @args dev.ddb.stress.StressMain sql}, the class path (too long for a command line) in an argument file. */
    private static List<String> javaCommand() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = dir.resolve("java.args");
        Files.writeString(argFile, "-cp \"" + classPath.replace("\\", "\\\\") + "\"\n");
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "@" + argFile, "dev.ddb.stress.StressMain", "sql");
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }
}
