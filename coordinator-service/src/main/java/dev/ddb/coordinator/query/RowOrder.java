package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import dev.ddb.coordinator.query.StatementScan.FunctionCall;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Makes sure that the rows a write picks, and the order it takes them in, are the same on every node.
 * Without a total order each node breaks ties its own way (by the index it happens to use, by the
 * pages it has cached), so LIMIT would pick other rows, AUTO_INCREMENT would hand out ids in another
 * order, and INSERT IGNORE, REPLACE or ON DUPLICATE KEY UPDATE would keep another of two rows with
 * the same key. The same goes for aggregates and window functions that depend on the order of their
 * rows (GROUP_CONCAT, JSON_ARRAYAGG, ROW_NUMBER, LAG, ...).
 *
 * <p>An order is total when its ORDER BY names, as plain columns, every column of a PRIMARY KEY or of
 * a UNIQUE key of NOT NULL columns, for every table the rows come from: a join's row is told apart by
 * the keys of all its tables. Anything whose rows have no known key (a view, a derived table, a CTE,
 * a UNION) cannot be ordered totally and is refused where the order matters. A GROUP BY's groups are
 * not recognised as unique: such a statement must order by a key it reads, or be split.
 */
final class RowOrder {

    private final SchemaCatalog catalog;
    private final Function<Table, String> qualified;

    /**
     * @param qualified {@code database.table} of a table as written, the default database when unqualified
     */
    RowOrder(SchemaCatalog catalog, Function<Table, String> qualified) {
        this.catalog = catalog;
        this.qualified = qualified;
    }

    /** Refuses a write, CREATE TABLE ... SELECT or view body whose rows or their order could differ per node. */
    void requireTotalOrder(Statement statement, StatementScan scan) {
        if (statement instanceof Update update && update.getLimit() != null) {
            requireUniqueOrder("UPDATE ... LIMIT", update.getOrderByElements(), null, List.of(update.getTable()), scan, true);
        } else if (statement instanceof Delete delete && delete.getLimit() != null) {
            requireUniqueOrder("DELETE ... LIMIT", delete.getOrderByElements(), null, List.of(delete.getTable()), scan, true);
        }
        for (Select select : scan.selects()) {
            if (select.getLimit() != null) {
                requireOrderedSelect(select, "A SELECT with LIMIT", scan, true);
            }
        }
        Select source = insertedRows(statement);
        if (source != null && !(source instanceof Values) && readsTables(source)) {
            String why = whyInsertOrderMatters(statement);
            if (why != null) {
                requireOrderedSelect(source, why, scan, false);
            }
        }
        for (FunctionCall call : scan.functions()) {
            if (DeterministicFunctions.ORDER_SENSITIVE.contains(call.name()) || call.rowsFrame()) {
                PlainSelect select = call.select();
                requireUniqueOrder(call.name() + "()", call.orderBy(), select, select == null ? List.of() : fromItems(select),
                        scan, false);
            }
        }
    }

    /** The SELECT whose rows an INSERT, REPLACE or CREATE TABLE writes, or null. */
    private static Select insertedRows(Statement statement) {
        if (statement instanceof Insert insert) {
            return insert.getSelect();
        }
        if (statement instanceof Upsert replace) {
            return replace.getSelect();
        }
        if (statement instanceof CreateTable create) {
            return create.getSelect();
        }
        return null;
    }

    /** Why the order of the inserted rows decides what is written, or null if it does not. */
    private String whyInsertOrderMatters(Statement statement) {
        if (statement instanceof Upsert) {
            return "REPLACE ... SELECT, which keeps the last of the rows that share a key,";
        }
        if (statement instanceof Insert insert) {
            if (insert.isModifierIgnore()) {
                return "INSERT IGNORE ... SELECT, which keeps the first of the rows that share a key,";
            }
            if (insert.getDuplicateUpdateSets() != null && !insert.getDuplicateUpdateSets().isEmpty()) {
                return "INSERT ... SELECT ... ON DUPLICATE KEY UPDATE, which applies the rows that share a key in turn,";
            }
            if (keysOf(insert.getTable()).hasAutoIncrement()) {
                return "INSERT ... SELECT into " + qualified.apply(insert.getTable()) + ", whose AUTO_INCREMENT ids"
                        + " follow the order rows are inserted in,";
            }
        }
        if (statement instanceof CreateTable create && declaresAutoIncrement(create)) {
            return "CREATE TABLE ... SELECT with an AUTO_INCREMENT column, whose ids follow the order rows are inserted in,";
        }
        return null;
    }

    private static boolean declaresAutoIncrement(CreateTable create) {
        if (create.getColumnDefinitions() == null) {
            return false;
        }
        for (ColumnDefinition column : create.getColumnDefinitions()) {
            if (column.getColumnSpecs() != null
                    && column.getColumnSpecs().stream().anyMatch("AUTO_INCREMENT"::equalsIgnoreCase)) {
                return true;
            }
        }
        return false;
    }

    private void requireOrderedSelect(Select select, String what, StatementScan scan, boolean limited) {
        PlainSelect plain = plain(select);
        if (plain != null) {
            requireUniqueOrder(what, plain.getOrderByElements(), plain, fromItems(plain), scan, limited);
        } else if (readsTables(select)) {
            throw new QueryRejectedException(RejectionCode.NONUNIQUE_ORDER, what + " takes its rows from a UNION or"
                    + " another combination of SELECTs, whose rows have no key to order them by on every node alike;"
                    + " select from the tables themselves, ordered by a unique key.");
        }
    }

    /**
     * Refuses {@code orderBy} unless it covers a unique key of every table in {@code from}.
     *
     * @param select the SELECT the ORDER BY belongs to, whose select-list aliases it may name; or null
     * @param limited whether the order decides which rows a LIMIT picks, so no ORDER BY at all is UNORDERED_LIMIT
     */
    private void requireUniqueOrder(String what, List<OrderByElement> orderBy, PlainSelect select, List<FromItem> from,
            StatementScan scan, boolean limited) {
        if (from.isEmpty()) {
            return;
        }
        if (orderBy == null || orderBy.isEmpty()) {
            if (limited) {
                throw new QueryRejectedException(RejectionCode.UNORDERED_LIMIT, "LIMIT without ORDER BY in a write or a"
                        + " view lets each node choose its own rows; add an ORDER BY on a unique key.");
            }
            throw new QueryRejectedException(RejectionCode.NONUNIQUE_ORDER, what + " has no ORDER BY, so each node"
                    + " would take the rows in its own order; order by a primary key or a unique key of NOT NULL"
                    + " columns of " + describe(from) + ".");
        }
        List<Column> ordered = orderedColumns(orderBy, select);
        for (FromItem item : from) {
            String table = tableName(item, scan);
            if (table == null) {
                throw new QueryRejectedException(RejectionCode.NONUNIQUE_ORDER, what + " reads rows from a derived"
                        + " table, a CTE or a table function (" + item + "), which have no key to order them by on"
                        + " every node alike; read the underlying tables, ordered by a unique key.");
            }
            TableKeys keys = keysOf((Table) item);
            if (keys.view()) {
                throw new QueryRejectedException(RejectionCode.NONUNIQUE_ORDER, what + " reads the view " + table
                        + ", whose rows have no key to order them by on every node alike; read the underlying tables,"
                        + " ordered by a unique key.");
            }
            Set<String> columns = columnsOf((Table) item, ordered);
            if (keys.uniqueKeys().stream().noneMatch(columns::containsAll)) {
                throw new QueryRejectedException(RejectionCode.NONUNIQUE_ORDER, what + " is ordered by "
                        + orderBy.stream().map(OrderByElement::toString).toList() + ", which does not name every column"
                        + " of a unique key of " + table + " (" + describeKeys(keys) + "), so rows tied on it could come"
                        + " in another order on each node; add the key's columns to the ORDER BY.");
            }
        }
    }

    /** The ORDER BY's plain column references, select-list aliases and positions resolved to what they name. */
    private static List<Column> orderedColumns(List<OrderByElement> orderBy, PlainSelect select) {
        List<Column> columns = new ArrayList<>();
        for (OrderByElement element : orderBy) {
            Expression expression = element.getExpression();
            if (select != null && expression instanceof LongValue position) {
                int index = (int) position.getValue() - 1;
                List<SelectItem<?>> items = select.getSelectItems();
                expression = index >= 0 && index < items.size() ? items.get(index).getExpression() : null;
            } else if (select != null && expression instanceof Column column && column.getTable() == null) {
                expression = aliased(select, column.getColumnName(), column);
            }
            if (expression instanceof Column column) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** What a select-list alias stands for; MySQL resolves an unqualified ORDER BY name to an alias first. */
    private static Expression aliased(PlainSelect select, String name, Column column) {
        for (SelectItem<?> item : select.getSelectItems()) {
            Alias alias = item.getAlias();
            if (alias != null && StatementScan.unquote(alias.getName()).equalsIgnoreCase(StatementScan.unquote(name))) {
                return item.getExpression();
            }
        }
        return column;
    }

    /**
     * The lower-case columns of {@code table} among {@code ordered}. An unqualified column counts for every
     * table: had it named a column of two tables, MySQL would have refused it as ambiguous.
     */
    private static Set<String> columnsOf(Table table, List<Column> ordered) {
        Set<String> columns = new HashSet<>();
        for (Column column : ordered) {
            Table qualifier = column.getTable();
            if (qualifier == null || qualifier.getName() == null || names(qualifier, table)) {
                columns.add(StatementScan.unquote(column.getColumnName()).toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    /** Whether a column's qualifier names {@code table}: by its alias if it has one, else by its name. */
    private static boolean names(Table qualifier, Table table) {
        if (table.getAlias() != null) {
            return qualifier.getSchemaName() == null && sameName(qualifier.getName(), table.getAlias().getName());
        }
        return sameName(qualifier.getName(), table.getName())
                && (qualifier.getSchemaName() == null || table.getSchemaName() == null
                        || sameName(qualifier.getSchemaName(), table.getSchemaName()));
    }

    private static boolean sameName(String written, String other) {
        return StatementScan.unquote(written).equalsIgnoreCase(StatementScan.unquote(other));
    }

    private static List<FromItem> fromItems(PlainSelect select) {
        List<FromItem> items = new ArrayList<>();
        if (select.getFromItem() != null) {
            items.add(select.getFromItem());
        }
        if (select.getJoins() != null) {
            select.getJoins().stream().map(Join::getFromItem).forEach(items::add);
        }
        return items;
    }

    private static PlainSelect plain(Select select) {
        if (select instanceof ParenthesedSelect parenthesed) {
            return plain(parenthesed.getSelect());
        }
        return select instanceof PlainSelect plainSelect ? plainSelect : null;
    }

    private static boolean readsTables(Select select) {
        if (select instanceof ParenthesedSelect parenthesed) {
            return readsTables(parenthesed.getSelect());
        }
        if (select instanceof SetOperationList union) {
            return union.getSelects().stream().anyMatch(RowOrder::readsTables);
        }
        return select instanceof PlainSelect plainSelect && plainSelect.getFromItem() != null;
    }

    /** {@code database.table} of a base table or view read by name, or null for anything else. */
    private String tableName(FromItem item, StatementScan scan) {
        if (item instanceof Table table && !scan.isCommonTableExpression(table)) {
            return qualified.apply(table);
        }
        return null;
    }

    private TableKeys keysOf(Table table) {
        String name = qualified.apply(table);
        return catalog.find(name).orElseThrow(() -> new QueryRejectedException(RejectionCode.UNKNOWN_TABLE, "The"
                + " statement reads or writes " + name + ", which the coordinator's schema does not know, so it cannot"
                + " tell whether the rows it picks are the same on every node; create the table first."));
    }

    private String describe(List<FromItem> from) {
        return String.join(" and ", from.stream().map(item -> item instanceof Table table
                ? qualified.apply(table) : item.toString()).toList());
    }

    private static String describeKeys(TableKeys keys) {
        if (keys.uniqueKeys().isEmpty()) {
            return "it has no primary key and no unique key of NOT NULL columns";
        }
        return "unique keys: " + String.join(", ", keys.uniqueKeys().stream()
                .map(key -> "(" + String.join(", ", key) + ")").toList());
    }
}
