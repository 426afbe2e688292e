package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Everything in a parsed statement the checks need: tables, function calls, variables and the
 * SELECTs, at any depth (subqueries, joins, CTEs, column defaults). JSqlParser's {@link
 * TablesNamesFinder} already visits every node; this records the nodes instead of table names.
 */
final class StatementScan extends TablesNamesFinder<Void> {

    /** A call and how many SELECTs enclose it within the scanned node (0: not inside a subquery). */
    record FunctionCall(Function function, int selectDepth) {

        /** The function's own name, upper case, without schema or backticks. */
        String name() {
            List<String> parts = function.getMultipartName();
            return unquote(parts.get(parts.size() - 1)).toUpperCase(Locale.ROOT);
        }

        boolean schemaQualified() {
            return function.getMultipartName().size() > 1;
        }

        boolean hasArguments() {
            return function.getParameters() != null && !function.getParameters().isEmpty();
        }
    }

    /** MySQL keywords that call a function without parentheses; JSqlParser reads them as columns. */
    private static final Set<String> PARENTHESISLESS_FUNCTIONS = Set.of("CURRENT_USER", "CURRENT_ROLE");

    private final List<Table> tables = new ArrayList<>();
    private final Set<String> commonTableExpressions = new HashSet<>();
    private final List<FunctionCall> functions = new ArrayList<>();
    private final List<String> keywordCalls = new ArrayList<>();
    private final List<UserVariable> variables = new ArrayList<>();
    private final List<Select> selects = new ArrayList<>();
    private int selectDepth;

    private StatementScan() {
    }

    static StatementScan of(Statement statement) {
        StatementScan scan = new StatementScan();
        scan.getTables(statement);
        return scan;
    }

    static StatementScan empty() {
        return new StatementScan();
    }

    static StatementScan ofExpression(Expression expression) {
        StatementScan scan = new StatementScan();
        scan.getTables(expression);
        return scan;
    }

    /** Tables named in the statement, without references to its common table expressions. */
    List<Table> tables() {
        return tables.stream()
                .filter(table -> table.getSchemaName() != null
                        || !commonTableExpressions.contains(table.getUnquotedName().toLowerCase(Locale.ROOT)))
                .toList();
    }

    List<FunctionCall> functions() {
        return functions;
    }

    /** Upper-case names of functions called without parentheses, such as {@code CURRENT_USER}. */
    List<String> keywordCalls() {
        return keywordCalls;
    }

    List<UserVariable> variables() {
        return variables;
    }

    List<Select> selects() {
        return selects;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        tables.add(table);
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
        if (withItem.getAlias() != null) {
            commonTableExpressions.add(withItem.getUnquotedAliasName().toLowerCase(Locale.ROOT));
        }
        return super.visit(withItem, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
        functions.add(new FunctionCall(function, selectDepth));
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
        String name = column.getColumnName();
        if (column.getTable() == null && PARENTHESISLESS_FUNCTIONS.contains(name.toUpperCase(Locale.ROOT))) {
            keywordCalls.add(name.toUpperCase(Locale.ROOT));
        }
        return super.visit(column, context);
    }

    @Override
    public <S> Void visit(UserVariable variable, S context) {
        variables.add(variable);
        return super.visit(variable, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        selects.add(select);
        selectDepth++;
        try {
            return super.visit(select, context);
        } finally {
            selectDepth--;
        }
    }

    @Override
    public <S> Void visit(SetOperationList select, S context) {
        selects.add(select);
        selectDepth++;
        try {
            return super.visit(select, context);
        } finally {
            selectDepth--;
        }
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
            return identifier.substring(1, identifier.length() - 1).replace("``", "`");
        }
        return identifier;
    }
}
