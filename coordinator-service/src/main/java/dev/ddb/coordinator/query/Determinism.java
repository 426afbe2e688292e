package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import dev.ddb.coordinator.query.SqlTokens.Token;
import dev.ddb.coordinator.query.StatementScan.FunctionCall;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Makes a write give the same result on every node, or refuses it.
 *
 * <p>Time functions ({@code NOW()}, {@code CURRENT_TIMESTAMP}, {@code CURDATE()}, ...) are left as
 * they are: the log carries the master's {@code SET TIMESTAMP}. {@code SYSDATE()} ignores that
 * setting, so it becomes {@code NOW()} with the same precision argument. {@code UUID()} and
 * unseeded {@code RAND()} become literals from the injected sources, but only in the values a
 * statement writes (INSERT/REPLACE VALUES and SET, UPDATE SET, ON DUPLICATE KEY UPDATE): there
 * MySQL evaluates each call once per value written. Elsewhere (WHERE, ORDER BY, subqueries,
 * INSERT ... SELECT) the call runs once per row, and one literal would change which rows are
 * touched or what they get. In UPDATE SET the call also runs once per matched row: after the
 * rewrite every matched row gets the same value.
 */
final class Determinism {

    /** Functions whose result depends on the node, the session or the moment, with no literal to stand in. */
    private static final Set<String> UNREPLAYABLE = Set.of(
            "UUID_SHORT", "CONNECTION_ID", "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_ROLE",
            "SLEEP", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "IS_FREE_LOCK", "IS_USED_LOCK", "FOUND_ROWS",
            "ROW_COUNT", "BENCHMARK", "VERSION", "RANDOM_BYTES", "SYS_GUID", "MASTER_POS_WAIT", "SOURCE_POS_WAIT",
            "PS_CURRENT_THREAD_ID");

    private final Supplier<UUID> uuids;
    private final DoubleSupplier randoms;

    Determinism(Supplier<UUID> uuids, DoubleSupplier randoms) {
        this.uuids = Objects.requireNonNull(uuids, "uuids");
        this.randoms = Objects.requireNonNull(randoms, "randoms");
    }

    /**
     * Checks a DML statement and returns the substitutions that make it deterministic, in text order.
     *
     * @param insertIdInScope whether an earlier statement of the same transaction inserted rows, so
     *     that {@code LAST_INSERT_ID()} refers to it on the master and on replay alike
     */
    List<Substitution> substitutions(Statement statement, StatementScan scan, SqlTokens tokens, boolean insertIdInScope) {
        rejectVariables(scan);
        rejectKeywordCalls(scan);
        Set<Function> written = writtenValueCalls(statement);
        TreeMap<Integer, Substitution> substitutions = new TreeMap<>();
        for (FunctionCall call : scan.functions()) {
            String name = call.name();
            if (call.schemaQualified()) {
                throw new QueryRejectedException(RejectionCode.STORED_PROGRAM, "The write calls the stored function "
                        + call.function().getName() + "(), whose effects the coordinator cannot check for determinism.");
            }
            if ((name.equals("UUID") || name.equals("RAND")) && !call.hasArguments()) {
                if (!written.contains(call.function())) {
                    throw evaluatedPerRow(name);
                }
                // The walk may visit a node twice; each call consumes one generated value only.
                Token token = nameToken(call, tokens);
                substitutions.computeIfAbsent(token.start(), offset -> literal(call, token, tokens));
            } else if (name.equals("SYSDATE")) {
                Token token = nameToken(call, tokens);
                substitutions.put(token.start(), new Substitution(token.start(),
                        tokens.sql().substring(token.start(), token.end()), "NOW"));
            } else if (name.equals("LAST_INSERT_ID")) {
                checkLastInsertId(call, insertIdInScope);
            } else if (UNREPLAYABLE.contains(name)) {
                throw unreplayable(name);
            }
        }
        return List.copyOf(substitutions.values());
    }

    /**
     * Refuses every nondeterministic call in a table definition or CREATE TABLE ... SELECT: a column
     * default is evaluated anew on each node at every insert, so no literal can stand in for it.
     */
    static void requireDeterministicDefinition(StatementScan scan) {
        rejectVariables(scan);
        rejectKeywordCalls(scan);
        for (FunctionCall call : scan.functions()) {
            String name = call.name();
            boolean unseeded = (name.equals("UUID") || name.equals("RAND")) && !call.hasArguments();
            if (unseeded || name.equals("SYSDATE") || name.equals("LAST_INSERT_ID") || UNREPLAYABLE.contains(name)) {
                throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, name + "() in a table"
                        + " definition would be evaluated separately on each node; use a literal, or NOW() or"
                        + " CURRENT_TIMESTAMP for the time.");
            }
        }
    }

    private static void rejectVariables(StatementScan scan) {
        for (UserVariable variable : scan.variables()) {
            String kind = variable.isDoubleAdd() ? "the system variable " : "the user variable ";
            throw new QueryRejectedException(RejectionCode.SESSION_VARIABLE, "The statement reads " + kind + variable
                    + ", whose value belongs to one session on one node and would differ on replay; write the value"
                    + " into the statement or pass it in params.");
        }
    }

    private static void rejectKeywordCalls(StatementScan scan) {
        if (!scan.keywordCalls().isEmpty()) {
            throw unreplayable(scan.keywordCalls().get(0));
        }
    }

    private static void checkLastInsertId(FunctionCall call, boolean insertIdInScope) {
        if (call.hasArguments()) {
            throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, "LAST_INSERT_ID(expr) sets the"
                    + " session's insert id for later statements, which the coordinator's pooled sessions and the"
                    + " replicas' replay would not share.");
        }
        if (!insertIdInScope) {
            throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, "LAST_INSERT_ID() refers to an"
                    + " earlier statement of the session, and the coordinator's sessions are shared; use it in a queries"
                    + " transaction after the INSERT that generates the id.");
        }
    }

    private static QueryRejectedException unreplayable(String name) {
        return new QueryRejectedException(RejectionCode.NONDETERMINISTIC, name + "() gives a different result"
                + " on each node or depends on the session, so the write could not be replayed identically; compute"
                + " the value in the client and send it as a literal or in params.");
    }

    private static QueryRejectedException evaluatedPerRow(String name) {
        return new QueryRejectedException(RejectionCode.NONDETERMINISTIC, name + "() is evaluated for each"
                + " row here (WHERE, ORDER BY, a subquery or INSERT ... SELECT), so no single literal can replace it;"
                + " the coordinator replaces " + name + "() only in the values a statement writes (VALUES and SET).");
    }

    private Substitution literal(FunctionCall call, Token name, SqlTokens tokens) {
        int index = tokens.tokenAt(name.start());
        List<Token> all = tokens.tokens();
        if (index + 2 >= all.size() || !all.get(index + 1).isSymbol('(') || !all.get(index + 2).isSymbol(')')) {
            throw new IllegalStateException("No empty argument list after " + name.text() + " at " + name.start());
        }
        int end = all.get(index + 2).end();
        String replacement = call.name().equals("UUID") ? "'" + uuids.get() + "'" : doubleLiteral(randoms.getAsDouble());
        return new Substitution(name.start(), tokens.sql().substring(name.start(), end), replacement);
    }

    /** RAND() is a DOUBLE; a literal with an exponent is a DOUBLE too, where 0.5 would be a DECIMAL. */
    private static String doubleLiteral(double value) {
        String text = Double.toString(value);
        return text.contains("E") ? text : text + "E0";
    }

    /** The client's token holding the function's name, found through the position JSqlParser recorded. */
    private static Token nameToken(FunctionCall call, SqlTokens tokens) {
        Node node = call.function().getASTNode();
        if (node == null || node.jjtGetFirstToken().beginLine != 1) {
            throw new IllegalStateException("JSqlParser recorded no position for " + call.function());
        }
        int offset = tokens.originalOffset(node.jjtGetFirstToken().beginColumn - 1);
        int index = tokens.tokenAt(offset);
        if (index < 0 || !tokens.tokens().get(index).isIdentifier()
                || !tokens.tokens().get(index).text().equalsIgnoreCase(call.name())) {
            throw new IllegalStateException("JSqlParser's position for " + call.function() + " is not its name");
        }
        return tokens.tokens().get(index);
    }

    private static Set<Function> writtenValueCalls(Statement statement) {
        List<Expression> values = new ArrayList<>();
        if (statement instanceof Insert insert) {
            if (insert.getSelect() instanceof Values rows) {
                values.add(rows.getExpressions());
            }
            addSetValues(values, insert.getSetUpdateSets());
            addSetValues(values, insert.getDuplicateUpdateSets());
        } else if (statement instanceof Upsert replace) {
            if (replace.getSelect() instanceof Values rows) {
                values.add(rows.getExpressions());
            }
            addSetValues(values, replace.getUpdateSets());
            addSetValues(values, replace.getDuplicateUpdateSets());
        } else if (statement instanceof Update update) {
            addSetValues(values, update.getUpdateSets());
        }
        Set<Function> calls = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expression value : values) {
            StatementScan.ofExpression(value).functions().stream()
                    .filter(call -> call.selectDepth() == 0)
                    .forEach(call -> calls.add(call.function()));
        }
        return calls;
    }

    private static void addSetValues(List<Expression> values, List<UpdateSet> sets) {
        if (sets != null) {
            sets.forEach(set -> values.add(set.getValues()));
        }
    }
}
