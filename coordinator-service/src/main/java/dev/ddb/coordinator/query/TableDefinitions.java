package dev.ddb.coordinator.query;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.TablePartitioning;

/**
 * Checks what CREATE TABLE and ALTER TABLE store: only InnoDB tables (the log's transaction must be able
 * to roll a table's changes back with it), no table options naming server paths, and only
 * deterministic stored expressions (column defaults, generated columns, CHECK constraints,
 * partitioning), which every node evaluates anew.
 *
 * <p>JSqlParser keeps a column's DEFAULT, generated expression and CHECK as raw words in {@link
 * ColumnDefinition#getColumnSpecs()}; they are parsed again here, which only DDL pays for.
 */
final class TableDefinitions {

    /** The column spec keyword an expression follows, and how the message names the place it is stored. */
    private static final Map<String, String> STORED_EXPRESSIONS = Map.of(
            "DEFAULT", "the DEFAULT of column ",
            "AS", "the generated column ",
            "CHECK", "the CHECK constraint of column ");

    private TableDefinitions() {
    }

    static void check(CreateTable create) {
        List<String> options = create.getTableOptionsStrings();
        if (options != null) {
            for (int i = 0; i < options.size(); i++) {
                String option = options.get(i).toUpperCase(Locale.ROOT);
                if (option.equals("ENGINE")) {
                    int value = i + 1 < options.size() && options.get(i + 1).equals("=") ? i + 2 : i + 1;
                    requireInnoDb(value < options.size() ? options.get(value) : "");
                } else if (option.equals("DIRECTORY")) {
                    throw serverPath(options.get(i - 1) + " DIRECTORY");
                } else if (option.equals("SEQUENCE")) {
                    throw sequence();
                }
            }
        }
        if (create.getColumnDefinitions() != null) {
            create.getColumnDefinitions().forEach(TableDefinitions::checkStoredExpressions);
        }
        TablePartitioning partitioning = create.getPartitioning();
        if (partitioning != null && partitioning.getExpression() != null) {
            requireDeterministic(partitioning.getExpression(), "the partitioning expression");
        }
    }

    static void check(Alter alter) {
        for (AlterExpression change : alter.getAlterExpressions()) {
            if (change.getOperation() == AlterOperation.ENGINE) {
                requireInnoDb(change.getEngineOption());
            }
            String specifier = change.getOptionalSpecifier() == null ? "" : change.getOptionalSpecifier().toUpperCase(Locale.ROOT);
            if (specifier.contains("DIRECTORY")) {
                throw serverPath(change.getOptionalSpecifier());
            }
            if (specifier.contains("SEQUENCE")) {
                throw sequence();
            }
            if (change.getColDataTypeList() != null) {
                change.getColDataTypeList().forEach(TableDefinitions::checkStoredExpressions);
            }
            if (change.getPartitionExpression() != null) {
                requireDeterministic(change.getPartitionExpression(), "the partitioning expression");
            }
        }
    }

    private static void requireInnoDb(String written) {
        String engine = written == null ? "" : written.replaceAll("^['\"`]|['\"`]$", "");
        if (!engine.equalsIgnoreCase("InnoDB")) {
            throw new QueryRejectedException(RejectionCode.NON_TRANSACTIONAL_ENGINE, "ENGINE=" + engine + " is not"
                    + " accepted: the coordinator logs each write in the same transaction as the write itself, and only"
                    + " an InnoDB table's changes commit and roll back with it; leave ENGINE out or write ENGINE=InnoDB.");
        }
    }

    static QueryRejectedException sequence() {
        return new QueryRejectedException(RejectionCode.NON_TRANSACTIONAL_ENGINE, "Sequences are not accepted: a"
                + " sequence hands out values outside any transaction, so a replayed write would draw different ones;"
                + " use an AUTO_INCREMENT column.");
    }

    static QueryRejectedException serverPath(String option) {
        return new QueryRejectedException(RejectionCode.UNSAFE_TABLE_OPTION, option + " places a table's files at a"
                + " path on each server's file system, which the coordinator does not manage; leave it out.");
    }

    private static void checkStoredExpressions(ColumnDefinition column) {
        List<String> specs = column.getColumnSpecs();
        if (specs == null) {
            return;
        }
        for (int i = 0; i + 1 < specs.size(); i++) {
            String place = STORED_EXPRESSIONS.get(specs.get(i).toUpperCase(Locale.ROOT));
            if (place == null) {
                continue;
            }
            String text = specs.get(i + 1);
            if ((text.equals("-") || text.equals("+")) && i + 2 < specs.size()) {
                text += specs.get(i + 2);
            }
            requireDeterministic(parse(text, place + column.getColumnName()), place + column.getColumnName());
        }
    }

    private static Expression parse(String text, String place) {
        try {
            return CCJSqlParserUtil.parseExpression(text, false);
        } catch (JSQLParserException unreadable) {
            throw new QueryRejectedException(RejectionCode.UNSUPPORTED_STATEMENT, "The coordinator could not read "
                    + place + " (" + text + ") to check that every node computes it alike; simplify the expression.");
        }
    }

    private static void requireDeterministic(Expression expression, String place) {
        Determinism.requireDeterministic(StatementScan.ofExpression(expression), place);
    }
}
