package dev.ddb.stress.shell;

import dev.ddb.stress.client.CoordinatorClient.Answer;
import dev.ddb.stress.client.CoordinatorUrls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One user's conversation with the coordinator, without the terminal: it takes what was typed (a shell command or
 * one or more statements), sends statements to {@code POST /query} with the chosen consistency, and prints results
 * to {@code out} and failures, one line each, to {@code err}.
 */
final class SqlSession {

    static final List<String> CONSISTENCIES = List.of("STRONG", "EVENTUAL");
    static final int DEFAULT_LOG_LIMIT = 20;

    private static final Set<String> EXIT_WORDS = Set.of("exit", "quit", ":exit", ":quit");

    /** What the reader does after an input. */
    enum Next { READ_MORE, EXIT }

    private final PrintWriter out;
    private final PrintWriter err;
    private CoordinatorEndpoint coordinator;
    private String consistency;

    /** Each switch to another coordinator is a line on {@code err}. */
    SqlSession(CoordinatorUrls coordinators, String consistency, PrintWriter out, PrintWriter err) {
        this.coordinator = new CoordinatorEndpoint(coordinators.reportSwitchesTo(err));
        this.consistency = consistency;
        this.out = out;
        this.err = err;
    }

    /** True while the typed text is a statement that has not reached its {@code ;} yet. */
    static boolean needsMore(String typed) {
        String text = typed.strip();
        return !text.isEmpty() && !isCommand(text) && !StatementSplitter.split(text).complete();
    }

    private static boolean isCommand(String text) {
        return text.startsWith(":") || isExit(text);
    }

    static boolean isExit(String text) {
        String word = text.strip();
        if (word.endsWith(";")) {
            word = word.substring(0, word.length() - 1).strip();
        }
        return EXIT_WORDS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** Runs one typed input to the end, statement after statement, whatever fails on the way. */
    Next handle(String typed) {
        String text = typed.strip();
        if (isExit(text)) {
            return Next.EXIT;
        }
        if (text.startsWith(":")) {
            command(text);
        } else {
            statements(text).forEach(this::execute);
        }
        return Next.READ_MORE;
    }

    /** Runs the statements (or the one shell command) of {@code -e}, stopping at the first failure; true if none failed. */
    boolean runAll(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith(":")) {
            return command(trimmed);
        }
        List<String> statements = statements(trimmed);
        if (statements.isEmpty()) {
            return fail("ERROR no statement to run");
        }
        for (String statement : statements) {
            if (!execute(statement)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs a script read from a pipe or a file the way it would run typed at the prompt, line by line, but stops at
     * the first failure, as {@code -e} does; true if none failed.
     */
    boolean runScript(BufferedReader input) throws IOException {
        StringBuilder pending = new StringBuilder();
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            if (pending.isEmpty() && isCommand(line.strip())) {
                if (isExit(line)) {
                    return true;
                }
                if (!command(line.strip())) {
                    return false;
                }
                continue;
            }
            pending.append(line).append('\n');
            if (!needsMore(pending.toString())) {
                for (String statement : statements(pending.toString())) {
                    if (!execute(statement)) {
                        return false;
                    }
                }
                pending.setLength(0);
            }
        }
        return statements(pending.toString()).stream().allMatch(this::execute);
    }

    /** A line for the start of an interactive session: where statements go, and whether anyone answers there. */
    void greet() {
        show("ddb SQL shell; statements end with ';', :help lists the commands, :exit leaves.\n");
        describeCoordinator();
    }

    /** The complete statements, and what follows the last {@code ;} as one more: the input has ended there. */
    private static List<String> statements(String text) {
        StatementSplitter.Split split = StatementSplitter.split(text);
        if (split.complete()) {
            return split.statements();
        }
        return Stream.concat(split.statements().stream(), Stream.of(split.remainder())).toList();
    }

    private boolean execute(String sql) {
        return overHttp(() -> {
            Answer answer = coordinator.query(sql, consistency);
            return answer.succeeded() ? show(QueryResultView.render(answer)) : fail(QueryResultView.errorLine(answer));
        });
    }

    private boolean command(String text) {
        String[] words = text.split("\\s+");
        List<String> args = List.of(words).subList(1, words.length);
        return switch (words[0].toLowerCase(Locale.ROOT)) {
            case ":help" -> help();
            case ":node" -> node(args);
            case ":info" -> info();
            case ":consistency" -> consistency(args);
            case ":log" -> log(args);
            default -> fail("ERROR unknown command '" + words[0] + "'; :help lists the commands");
        };
    }

    private boolean help() {
        show("""
                Statements end with ';' and may span lines; several on one line run one after another.
                  :node [URL[,URL...]]             show or switch the coordinators
                  :info                            coordinator, master, epoch and replicas (GET /status)
                  :consistency [STRONG|EVENTUAL]   show or set the consistency of the next statements
                  :log [N] [table]                 the last N logged transactions (default %d), of one table
                  :help                            this list
                  :exit                            leave (also exit, quit, Ctrl-D)
                """.formatted(DEFAULT_LOG_LIMIT));
        return true;
    }

    private boolean node(List<String> args) {
        if (args.isEmpty()) {
            CoordinatorUrls all = coordinator.coordinators();
            return show("coordinator " + coordinator.base() + (all.all().size() > 1 ? " (of " + all + ")" : "") + "\n");
        }
        if (args.size() > 1) {
            return fail("ERROR :node takes URLs separated by commas without spaces, got " + args.size() + " words");
        }
        try {
            coordinator = new CoordinatorEndpoint(CoordinatorUrls.parse(args.get(0)).reportSwitchesTo(err));
        } catch (IllegalArgumentException e) {
            return fail("ERROR " + e.getMessage());
        }
        return describeCoordinator();
    }

    /** One line naming the coordinator and its master, or why it does not answer. */
    private boolean describeCoordinator() {
        return overHttp(() -> {
            Answer status = coordinator.status();
            if (!answered(status)) {
                return failedStatus(status);
            }
            return show("coordinator " + coordinator.base() + ": master "
                    + status.body().path("current_master").path("id").asString("none")
                    + ", epoch " + status.body().path("epoch").asLong() + ", consistency " + consistency + "\n");
        });
    }

    private boolean info() {
        return overHttp(() -> {
            Answer status = coordinator.status();
            return answered(status) ? show(ClusterInfoView.render(coordinator.base(), consistency, status.body()))
                    : failedStatus(status);
        });
    }

    private boolean failedStatus(Answer status) {
        return fail("ERROR " + coordinator.base() + "/status answered " + status.errorKind() + ": "
                + QueryResultView.oneLine(status.message()));
    }

    private boolean consistency(List<String> args) {
        if (args.isEmpty()) {
            return show("consistency " + consistency + "\n");
        }
        String level = args.get(0).toUpperCase(Locale.ROOT);
        if (args.size() > 1 || !CONSISTENCIES.contains(level)) {
            return fail("ERROR :consistency takes STRONG or EVENTUAL, got '" + String.join(" ", args) + "'");
        }
        consistency = level;
        return show("consistency " + consistency + "\n");
    }

    private boolean log(List<String> args) {
        boolean countFirst = !args.isEmpty() && args.get(0).matches("\\d{1,9}");
        List<String> rest = countFirst ? args.subList(1, args.size()) : args;
        if (rest.size() > 1 || (rest.size() == 1 && !rest.get(0).matches("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?"))) {
            return fail("ERROR :log takes a count and a table name, e.g. :log 10 users; got '" + String.join(" ", args) + "'");
        }
        int limit = countFirst ? Integer.parseInt(args.get(0)) : DEFAULT_LOG_LIMIT;
        if (limit < 1) {
            return fail("ERROR :log needs a count of at least 1, got " + limit);
        }
        String table = rest.isEmpty() ? null : rest.get(0);
        return overHttp(() -> {
            Answer answer = coordinator.transactions(limit, table);
            if (isMissingEndpoint(answer)) {
                return fail("ERROR the coordinator at " + coordinator.base()
                        + " has no transaction log endpoint (GET /transactions); it is older than this shell");
            }
            if (!answered(answer) || !answer.body().has("transactions")) {
                return fail(QueryResultView.errorLine(answer));
            }
            return show(TransactionLogView.render(answer.body()));
        });
    }

    /** A 404 for the path itself; one with another code (an unknown table, say) is the endpoint's own answer. */
    private static boolean isMissingEndpoint(Answer answer) {
        String code = answer.body() == null ? "" : answer.body().path("error").asString("");
        return answer.status() == 404 && (code.isEmpty() || code.equals("NOT_FOUND") || code.equals("Not Found"));
    }

    private static boolean answered(Answer answer) {
        return answer.status() / 100 == 2 && answer.body() != null;
    }

    @FunctionalInterface
    private interface Exchange {
        boolean run() throws IOException, InterruptedException;
    }

    /** Runs a request to the coordinator; no answer at all is one error line too. */
    private boolean overHttp(Exchange exchange) {
        URI asked = coordinator.base();
        try {
            return exchange.run();
        } catch (IOException e) {
            return fail(unreachable(asked, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("ERROR interrupted while waiting for the coordinator");
        }
    }

    /** @param asked where the request went first; when none could be connected to, every coordinator was asked */
    private String unreachable(URI asked, IOException e) {
        String why = e instanceof HttpTimeoutException ? "no answer in time"
                : e instanceof ConnectException ? "connection refused"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        String where = CoordinatorUrls.nothingSent(e) ? coordinator.coordinators().describe() : "the coordinator at " + asked;
        return "ERROR cannot reach " + where + " (" + QueryResultView.oneLine(why) + "); is the suite up (./ddb up)?";
    }

    /** @param text whole lines, each ending with a newline */
    private boolean show(String text) {
        out.print(text);
        out.flush();
        return true;
    }

    private boolean fail(String line) {
        err.println(line);
        err.flush();
        return false;
    }
}
