package dev.ddb.stress.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.ddb.stress.StandardStreams;
import dev.ddb.stress.client.CoordinatorUrls;

/** {@code ddb sql}: statements typed at a prompt (or given with {@code -e}) run through the coordinator. */
@Command(name = "sql",
        sortOptions = false,
        description = {
            "An interactive SQL shell on the coordinator's POST /query: every statement goes through the sequencer,"
                    + " the log and replication like any other client's. Statements end with ';' and may span lines;"
                    + " reads print their rows as a table, then the row count and the instance that ran them; writes"
                    + " print the rows affected, the instance, the transaction id and the global timestamp; a failure"
                    + " is one line with the HTTP status, the coordinator's error code and its sentence.",
            "",
            "Statements go to the first coordinator of --coordinator that answers; when it stops answering, the next"
                    + " one (a line says so). A write whose connection broke after it was sent is not sent again: its"
                    + " error is shown, and the next statement goes to the next coordinator.",
            "",
            "Commands at the prompt: :node [URL[,URL...]], :info, :consistency [STRONG|EVENTUAL], :log [N] [table],"
                    + " :help, :exit (also exit, quit, Ctrl-D). Ctrl-C drops the statement being typed. The history is kept in"
                    + " $DDB_RUN_DIR/sql_history, or ~/.ddb_history when DDB_RUN_DIR is not set.",
            "",
            "Input from a pipe or a file (./ddb sql < script.sql) runs as typed, without prompts, and like -e stops at"
                    + " the first failure.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the session ended normally, or every -e or piped statement succeeded",
            "1:an -e or piped statement failed or the coordinator did not answer it",
            "2:invalid options"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            CoordinatorUrls.ENVIRONMENT_HELP,
            "  DDB_RUN_DIR           where the history file goes",
            "",
            "Examples:",
            "  ./ddb sql",
            "  ./ddb sql -e \"SELECT * FROM users\"",
            "  ./ddb sql --consistency EVENTUAL -e \"INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com')\""})
public class SqlShell implements Callable<Integer> {

    static final String PROMPT = "ddb> ";
    static final String CONTINUATION_PROMPT = "  -> ";

    @Option(names = {"-c", "--coordinator"}, paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
            description = "Run these statements (separated by ';') or this one :command, print the results and exit;"
                    + " stops at the first failure.")
    String execute;

    @Option(names = "--consistency", paramLabel = "LEVEL", defaultValue = "STRONG",
            description = "STRONG (default) or EVENTUAL, sent with every statement; :consistency changes it.")
    String consistency;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String level = consistency.toUpperCase(Locale.ROOT);
        if (!SqlSession.CONSISTENCIES.contains(level)) {
            throw new ParameterException(spec.commandLine(),
                    "--consistency must be STRONG or EVENTUAL, got '" + consistency + "'");
        }
        if (execute != null) {
            return session(coordinators, level).runAll(execute) ? 0 : 1;
        }
        if (!StandardStreams.areATerminal()) {
            // Input from a pipe or a file is a script: no prompts, and its exit status says whether all of it ran.
            BufferedReader script = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return session(coordinators, level).runScript(script) ? 0 : 1;
        }
        return interactive(coordinators, level);
    }

    private SqlSession session(CoordinatorUrls coordinators, String level) {
        return new SqlSession(coordinators, level, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static int interactive(CoordinatorUrls coordinators, String consistency) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            PrintWriter screen = terminal.writer();
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("ddb")
                    .parser(new StatementParser())
                    .variable(LineReader.HISTORY_SIZE, 1000)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                    // '!' is SQL (a != b), not a history reference.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
            Path history = historyFile();
            try {
                Files.createDirectories(history.toAbsolutePath().getParent());
                builder.variable(LineReader.HISTORY_FILE, history);
            } catch (IOException e) {
                screen.println("history is not kept: cannot create the folder of " + history + " (" + e + ")");
            }
            LineReader reader = builder.build();
            SqlSession session = new SqlSession(coordinators, consistency, screen, screen);
            session.greet();
            while (true) {
                String typed;
                try {
                    typed = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (session.handle(typed) == SqlSession.Next.EXIT) {
                    break;
                }
            }
            // The history file was appended to after every input.
            screen.println("Bye");
            screen.flush();
        }
        return 0;
    }

    /** $DDB_RUN_DIR/sql_history beside the suite's other state, else ~/.ddb_history. */
    static Path historyFile() {
        String runDir = System.getenv("DDB_RUN_DIR");
        if (runDir != null && !runDir.isBlank()) {
            return Path.of(runDir, "sql_history");
        }
        return Path.of(System.getProperty("user.home"), ".ddb_history");
    }
}
