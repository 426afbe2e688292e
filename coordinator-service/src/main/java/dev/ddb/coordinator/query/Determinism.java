package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import dev.ddb.coordinator.query.SqlTokens.Token;
import dev.ddb.coordinator.query.StatementScan.FunctionCall;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Makes a write give the same result on every node, or refuses it; refuses the same way any
 * expression a definition stores (column defaults, generated columns, CHECK constraints, view
 * bodies), which every node evaluates anew.
 *
 * <p>A call is accepted only if its function is on {@link DeterministicFunctions}' list or is one of
 * the few handled here. Time functions ({@code NOW()}, {@code CURRENT_TIMESTAMP}, {@code CURDATE()}, ...)
 * are left as they are: the log carries the master's {@code SET TIMESTAMP}. {@code SYSDATE()}
 * ignores that setting, so in a write it becomes {@code NOW()} with the same precision argument.
 * {@code UUID()} and unseeded {@code RAND()} become literals from the injected sources, but only in
 * the values a statement writes (INSERT/REPLACE VALUES and SET, UPDATE SET, ON DUPLICATE KEY UPDATE):
 * there MySQL evaluates each call once per value written. Elsewhere (WHERE, ORDER BY, subqueries,
 * INSERT ... SELECT) the call runs once per row, and one literal would change which rows are touched
 * or what they get. In UPDATE SET the call also runs once per matched row: after the rewrite every
 * matched row gets the same value.
 *
 * <p>{@code RAND(seed)} with a column as its seed is seeded anew at every call, a function of the
 * column. With any other seed it is seeded once per statement and then gives a sequence, so its
 * values follow the order of evaluation: accepted only in the rows an INSERT or REPLACE writes, which
 * are evaluated in the order they are written, not in UPDATE SET or ON DUPLICATE KEY UPDATE, whose
 * rows come in the order the node reads them.
 */
final class Determinism {

    private final Supplier<UUID> uuids;
    private final DoubleSupplier randoms;

    Determinism(Supplier<UUID> uuids, DoubleSupplier randoms) {
        this.uuids = Objects.requireNonNull(uuids, "uuids");
        this.randoms = Objects.requireNonNull(randoms, "randoms");
    }

    /**
     * Checks a DML statement and returns the substitutions that make it deterministic, in text order.
     *
     * @param insertIdInScope whether an earlier statement of the same transaction generated an
     *     AUTO_INCREMENT id, so that {@code LAST_INSERT_ID()} refers to it on the master and on replay alike;
     *     asked only if the statement calls it
     */
    List<Substitution> substitutions(Statement statement, StatementScan scan, SqlTokens tokens,
            BooleanSupplier insertIdInScope) {
        rejectVariables(scan, null);
        rejectKeywordCalls(scan, null);
        WrittenValues written = writtenValues(statement);
        TreeMap<Integer, Substitution> substitutions = new TreeMap<>();
        for (FunctionCall call : scan.functions()) {
            rejectStoredFunction(call);
            String name = call.name();
            if ((name.equals("UUID") || name.equals("RAND")) && !call.hasArguments()) {
                if (!written.values().contains(call.expression())) {
                    throw evaluatedPerRow(call);
                }
                // The walk may visit a node twice; each call consumes one generated value only.
                Token token = nameToken(call, tokens);
                substitutions.computeIfAbsent(token.start(), offset -> literal(call, token, tokens));
            } else if (name.equals("RAND")) {
                if (!isReseededPerCall(call) && !written.insertedRows().contains(call.expression())) {
                    throw seededSequence(call, null);
                }
            } else if (name.equals("SYSDATE")) {
                Token token = nameToken(call, tokens);
                substitutions.put(token.start(), new Substitution(token.start(),
                        tokens.sql().substring(token.start(), token.end()), "NOW"));
            } else if (name.equals("LAST_INSERT_ID")) {
                checkLastInsertId(call, insertIdInScope);
            } else if (!DeterministicFunctions.isAllowed(name)) {
                throw unreplayable(call, null);
            }
        }
        return List.copyOf(substitutions.values());
    }

    /**
     * Refuses every call, variable or keyword in a stored expression that is not known to give the same
     * result on every node: a column default, a generated column, a CHECK constraint or a view body is
     * evaluated anew on each node, so no literal can stand in for it.
     *
     * @param where where the expression is, for the message: "the view body", "the DEFAULT of column c"
     */
    static void requireDeterministic(StatementScan scan, String where) {
        rejectVariables(scan, where);
        rejectKeywordCalls(scan, where);
        for (FunctionCall call : scan.functions()) {
            rejectStoredFunction(call);
            String name = call.name();
            if (name.equals("RAND") && call.hasArguments()) {
                if (!isReseededPerCall(call)) {
                    throw seededSequence(call, where);
                }
            } else if (!DeterministicFunctions.isAllowed(name)) {
                throw unreplayable(call, where);
            }
        }
    }

    private static void rejectStoredFunction(FunctionCall call) {
        if (call.schemaQualified()) {
            throw new QueryRejectedException(RejectionCode.STORED_PROGRAM, "The statement calls the stored function "
                    + String.join(".", call.multipartName()) + "(), whose effects the coordinator cannot check for"
                    + " determinism.");
        }
    }

    private static void rejectVariables(StatementScan scan, String where) {
        for (UserVariable variable : scan.variables()) {
            String kind = variable.isDoubleAdd() ? "the system variable " : "the user variable ";
            throw new QueryRejectedException(RejectionCode.SESSION_VARIABLE, "The statement reads " + kind + variable
                    + (where == null ? "" : " in " + where) + ", whose value belongs to one session on one node and"
                    + " would differ on replay; write the value into the statement or pass it in params.");
        }
    }

    private static void rejectKeywordCalls(StatementScan scan, String where) {
        if (!scan.keywordCalls().isEmpty()) {
            throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, scan.keywordCalls().get(0)
                    + (where == null ? "" : " in " + where) + " gives a different result on each node or depends on"
                    + " the session, so the statement could not be replayed identically.");
        }
    }

    /** RAND(column) is seeded with the column's value at every call; any other seed starts one sequence per statement. */
    private static boolean isReseededPerCall(FunctionCall call) {
        return call.expression() instanceof Function function && function.getParameters().size() == 1
                && function.getParameters().get(0) instanceof Column;
    }

    private static void checkLastInsertId(FunctionCall call, BooleanSupplier insertIdInScope) {
        if (call.hasArguments()) {
            throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, "LAST_INSERT_ID(expr) sets the"
                    + " session's insert id for later statements, which the coordinator's pooled sessions and the"
                    + " replicas' replay would not share.");
        }
        if (!insertIdInScope.getAsBoolean()) {
            throw new QueryRejectedException(RejectionCode.NONDETERMINISTIC, "LAST_INSERT_ID() refers to the last id"
                    + " the session generated, which the coordinator knows only after an INSERT or REPLACE ... VALUES"
                    + " of the same queries transaction that surely generates one: into a table with an AUTO_INCREMENT"
                    + " column, leaving that column out or NULL, without IGNORE or ON DUPLICATE KEY UPDATE.");
        }
    }

    /** "RAND() in a window's PARTITION BY in the view body": the call and where it was found. */
    private static String described(FunctionCall call, String where) {
        String text = call.name() + "()";
        if (call.place() != null) {
            text += " in " + call.place();
        }
        return where == null ? text : text + " in " + where;
    }

    private static QueryRejectedException unreplayable(FunctionCall call, String where) {
        return new QueryRejectedException(RejectionCode.NONDETERMINISTIC, described(call, where) + " is not known to"
                + " give the same result on every node (it may depend on the node, the session, the moment or chance),"
                + " so the statement could not be replayed identically; compute the value in the client and send it as"
                + " a literal or in params.");
    }

    private static QueryRejectedException seededSequence(FunctionCall call, String where) {
        return new QueryRejectedException(RejectionCode.NONDETERMINISTIC, described(call, where) + " with a seed that"
                + " is not a column gives one sequence per statement, whose values follow the order the node reads"
                + " rows in; seed it with a column, or use it only in the rows an INSERT writes.");
    }

    private static QueryRejectedException evaluatedPerRow(FunctionCall call) {
        return new QueryRejectedException(RejectionCode.NONDETERMINISTIC, described(call, null) + " is evaluated for"
                + " each row here (WHERE, ORDER BY, a subquery or INSERT ... SELECT), so no single literal can replace"
                + " it; the coordinator replaces " + call.name() + "() only in the values a statement writes (VALUES"
                + " and SET).");
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
        Node node = call.expression().getASTNode();
        if (node == null || node.jjtGetFirstToken().beginLine != 1) {
            throw new IllegalStateException("JSqlParser recorded no position for " + call.expression());
        }
        int offset = tokens.originalOffset(node.jjtGetFirstToken().beginColumn - 1);
        int index = tokens.tokenAt(offset);
        if (index < 0 || !tokens.tokens().get(index).isIdentifier()
                || !tokens.tokens().get(index).text().equalsIgnoreCase(call.name())) {
            throw new IllegalStateException("JSqlParser's position for " + call.expression() + " is not its name");
        }
        return tokens.tokens().get(index);
    }

    /**
     * The calls in the values a statement writes, outside subqueries.
     *
     * @param values every written value: VALUES rows, INSERT/UPDATE SET, ON DUPLICATE KEY UPDATE
     * @param insertedRows those evaluated once per written row, in the order the statement writes them
     */
    private record WrittenValues(Set<Expression> values, Set<Expression> insertedRows) {
    }

    private static WrittenValues writtenValues(Statement statement) {
        List<Expression> rows = new ArrayList<>();
        List<Expression> updates = new ArrayList<>();
        if (statement instanceof Insert insert) {
            if (insert.getSelect() instanceof Values values) {
                rows.add(values.getExpressions());
            }
            addSetValues(rows, insert.getSetUpdateSets());
            addSetValues(updates, insert.getDuplicateUpdateSets());
        } else if (statement instanceof Upsert replace) {
            if (replace.getSelect() instanceof Values values) {
                rows.add(values.getExpressions());
            }
            addSetValues(rows, replace.getUpdateSets());
            addSetValues(updates, replace.getDuplicateUpdateSets());
        } else if (statement instanceof Update update) {
            addSetValues(updates, update.getUpdateSets());
        }
        Set<Expression> insertedRows = calls(rows);
        Set<Expression> values = calls(updates);
        values.addAll(insertedRows);
        return new WrittenValues(values, insertedRows);
    }

    private static Set<Expression> calls(List<Expression> values) {
        Set<Expression> calls = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expression value : values) {
            StatementScan.ofExpression(value).functions().stream()
                    .filter(call -> call.selectDepth() == 0)
                    .forEach(call -> calls.add(call.expression()));
        }
        return calls;
    }

    private static void addSetValues(List<Expression> values, List<UpdateSet> sets) {
        if (sets != null) {
            sets.forEach(set -> values.add(set.getValues()));
        }
    }
}
