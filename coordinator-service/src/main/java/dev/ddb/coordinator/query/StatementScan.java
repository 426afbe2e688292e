package dev.ddb.coordinator.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonFunctionType;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Everything in a parsed statement the checks need: tables, function calls, variables and the
 * SELECTs, at any depth (subqueries, joins, CTEs, column defaults). JSqlParser's {@link
 * TablesNamesFinder} already visits most nodes; this records them instead of table names, and also
 * walks what that walk skips: ORDER BY inside GROUP_CONCAT and JSON_ARRAYAGG, a window's PARTITION
 * BY, and the arguments of JSON aggregates.
 */
final class StatementScan extends TablesNamesFinder<Void> {

    /**
     * A call of a function, aggregate or window function.
     *
     * @param expression the call in the parsed tree
     * @param multipartName its name as written, schema first when qualified
     * @param hasArguments whether anything is written between its parentheses
     * @param orderBy the ORDER BY inside the call or its OVER clause; empty if none
     * @param rowsFrame whether its window frame counts rows ({@code ROWS BETWEEN ...}), so peers are told apart
     * @param select the SELECT the call is evaluated in, or null outside any
     * @param selectDepth how many SELECTs enclose it within the scanned node (0: not inside a subquery)
     * @param place where it sits when that is not plain sight, such as "a window's PARTITION BY"; or null
     */
    record FunctionCall(Expression expression, List<String> multipartName, boolean hasArguments,
            List<OrderByElement> orderBy, boolean rowsFrame, PlainSelect select, int selectDepth, String place) {

        /** The function's own name, upper case, without schema or backticks. */
        String name() {
            return unquote(multipartName.get(multipartName.size() - 1)).toUpperCase(Locale.ROOT);
        }

        boolean schemaQualified() {
            return multipartName.size() > 1;
        }
    }

    /** MySQL keywords that call a function without parentheses; JSqlParser reads them as columns. */
    private static final Set<String> PARENTHESISLESS_FUNCTIONS = Set.of("CURRENT_USER", "CURRENT_ROLE");
    /** MATCH ... AGAINST's relevance follows each node's full-text index statistics. */
    private static final String FULL_TEXT_SEARCH = "MATCH ... AGAINST";
    /** A sequence hands out values outside any transaction, so a replayed write would draw others. */
    private static final String NEXT_VALUE = "NEXT VALUE FOR";

    private final List<Table> tables = new ArrayList<>();
    private final Set<String> commonTableExpressions = new HashSet<>();
    private final List<FunctionCall> functions = new ArrayList<>();
    private final List<String> keywordCalls = new ArrayList<>();
    private final List<UserVariable> variables = new ArrayList<>();
    private final List<Select> selects = new ArrayList<>();
    private final Deque<PlainSelect> enclosingSelects = new ArrayDeque<>();
    private final Deque<String> places = new ArrayDeque<>();
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
        return tables.stream().filter(table -> !isCommonTableExpression(table)).toList();
    }

    /** Whether {@code table} names one of the statement's common table expressions rather than a table. */
    boolean isCommonTableExpression(Table table) {
        return table.getSchemaName() == null
                && commonTableExpressions.contains(table.getUnquotedName().toLowerCase(Locale.ROOT));
    }

    List<FunctionCall> functions() {
        return functions;
    }

    /**
     * Calls written without parentheses, such as {@code CURRENT_USER}, and expressions that read state the
     * way a call would ({@code MATCH ... AGAINST}, {@code NEXT VALUE FOR}).
     */
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
        functions.add(call(function, function.getMultipartName(), !isEmpty(function.getParameters()),
                function.getOrderByElements(), false));
        super.visit(function, context);
        visitOrderBy(function.getOrderByElements(), function.getName() + "()'s ORDER BY", context);
        return null;
    }

    @Override
    public <S> Void visit(MySQLGroupConcat groupConcat, S context) {
        functions.add(call(groupConcat, List.of("GROUP_CONCAT"), true, groupConcat.getOrderByElements(), false));
        visitAll(groupConcat.getExpressionList(), context);
        visitOrderBy(groupConcat.getOrderByElements(), "GROUP_CONCAT()'s ORDER BY", context);
        return null;
    }

    @Override
    public <S> Void visit(JsonAggregateFunction aggregate, S context) {
        String name = aggregate.getType() == JsonFunctionType.OBJECT ? "JSON_OBJECTAGG" : "JSON_ARRAYAGG";
        functions.add(call(aggregate, List.of(name), true, aggregate.getExpressionOrderByElements(), false));
        visitAll(Arrays.asList(aggregate.getExpression(), aggregate.getFilterExpression()), context);
        for (Object part : Arrays.asList(aggregate.getKey(), aggregate.getValue())) {
            if (part instanceof Expression expression) {
                expression.accept(this, context);
            }
        }
        visitOrderBy(aggregate.getExpressionOrderByElements(), name + "()'s ORDER BY", context);
        return null;
    }

    @Override
    public <S> Void visit(AnalyticExpression window, S context) {
        boolean rowsFrame = window.getWindowElement() != null
                && window.getWindowElement().getType() == WindowElement.Type.ROWS;
        functions.add(call(window, List.of(window.getName()), window.getExpression() != null || window.isAllColumns(),
                window.getOrderByElements(), rowsFrame));
        visitAll(Arrays.asList(window.getExpression(), window.getOffset(), window.getDefaultValue(),
                window.getFilterExpression()), context);
        visitOrderBy(window.getFuncOrderBy(), window.getName() + "()'s ORDER BY", context);
        places.push("a window's PARTITION BY");
        try {
            visitAll(window.getPartitionExpressionList(), context);
        } finally {
            places.pop();
        }
        visitOrderBy(window.getOrderByElements(), "a window's ORDER BY", context);
        return null;
    }

    @Override
    public <S> Void visit(FullTextSearch search, S context) {
        keywordCalls.add(FULL_TEXT_SEARCH);
        return super.visit(search, context);
    }

    @Override
    public <S> Void visit(NextValExpression next, S context) {
        keywordCalls.add(NEXT_VALUE);
        return super.visit(next, context);
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
        enclosingSelects.push(select);
        try {
            return super.visit(select, context);
        } finally {
            enclosingSelects.pop();
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

    private FunctionCall call(Expression expression, List<String> name, boolean hasArguments,
            List<OrderByElement> orderBy, boolean rowsFrame) {
        return new FunctionCall(expression, name, hasArguments, orderBy == null ? List.of() : List.copyOf(orderBy),
                rowsFrame, enclosingSelects.peek(), selectDepth, places.peek());
    }

    private <S> void visitOrderBy(List<OrderByElement> orderBy, String place, S context) {
        if (orderBy == null) {
            return;
        }
        places.push(place);
        try {
            orderBy.forEach(element -> element.getExpression().accept(this, context));
        } finally {
            places.pop();
        }
    }

    private <S> void visitAll(List<? extends Expression> expressions, S context) {
        if (expressions != null) {
            expressions.stream().filter(Objects::nonNull).forEach(expression -> expression.accept(this, context));
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
            return identifier.substring(1, identifier.length() - 1).replace("``", "`");
        }
        return identifier;
    }
}
