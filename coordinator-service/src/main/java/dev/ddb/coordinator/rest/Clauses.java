package dev.ddb.coordinator.rest;

import java.util.Locale;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * The {@code set} and {@code where} strings of {@code /update} and {@code /delete}: accepted only
 * when JSqlParser reads {@code set} as one assignment list and {@code where} as one condition, with
 * no subquery. The client's text is then used as written, so MySQL runs exactly what was checked.
 *
 * <p>Each string is parsed inside a statement of its own whose every other clause is known; the
 * statement rebuilt from the parsed parts alone must print the same as the parsed one, so any
 * clause the string smuggled in (another WHERE, ORDER BY, LIMIT, a join) is caught.
 */
final class Clauses {

    private static final Table PLACEHOLDER_TABLE = new Table("t");

    private Clauses() {
    }

    /** The assignments of {@code set}, e.g. {@code name = "John Smith", age = age + 1}. */
    static String assignments(String set) {
        SqlFragment fragment = fragment("set", set);
        Statement parsed = parse("set", "UPDATE t SET " + fragment.parserText());
        if (!(parsed instanceof Update update) || update.getUpdateSets() == null || update.getUpdateSets().isEmpty()) {
            throw notOne("set", "an assignment list such as name = 'x', age = 3");
        }
        Update alone = new Update().withTable(PLACEHOLDER_TABLE).withUpdateSets(update.getUpdateSets());
        if (!alone.toString().equals(update.toString())) {
            throw notOne("set", "an assignment list such as name = 'x', age = 3, and nothing after it");
        }
        for (UpdateSet assignment : update.getUpdateSets()) {
            rejectSubquery("set", assignment.getValues());
        }
        return fragment.text();
    }

    /** The condition of {@code where}, e.g. {@code Id = 1 AND name LIKE 'J%'}. */
    static String condition(String where) {
        SqlFragment fragment = fragment("where", where);
        Statement parsed = parse("where", "DELETE FROM t WHERE " + fragment.parserText());
        if (!(parsed instanceof Delete delete) || delete.getWhere() == null) {
            throw notOne("where", "one condition such as Id = 1");
        }
        Delete alone = new Delete().withTable(PLACEHOLDER_TABLE).withWhere(delete.getWhere());
        if (!alone.toString().equals(delete.toString())) {
            throw notOne("where", "one condition such as Id = 1, and nothing after it");
        }
        rejectSubquery("where", delete.getWhere());
        return fragment.text();
    }

    private static SqlFragment fragment(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("MISSING_FIELD", "'" + field + "' is required.");
        }
        SqlFragment fragment = SqlFragment.lex(field, text);
        if (fragment.hasWord("SELECT")) {
            throw subquery(field);
        }
        return fragment;
    }

    /** {@code sql} parsed as MySQL text, or a 400 naming {@code field} and the parser's complaint. */
    static Statement parse(String field, String sql) {
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withBackslashEscapeCharacter(true);
            return parser.Statement();
        } catch (ParseException | TokenMgrException e) {
            throw new InvalidRequestException("INVALID_" + field.toUpperCase(Locale.ROOT),
                    "'" + field + "' does not parse: " + firstLine(e.getMessage()));
        }
    }

    private static void rejectSubquery(String field, Expression expression) {
        SubqueryFinder finder = new SubqueryFinder();
        expression.accept(finder, null);
        if (finder.found) {
            throw subquery(field);
        }
    }

    private static final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {

        private boolean found;

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            found = true;
            return null;
        }

        @Override
        public <S> Void visit(Select select, S context) {
            found = true;
            return null;
        }
    }

    private static InvalidRequestException subquery(String field) {
        return new InvalidRequestException("INVALID_" + field.toUpperCase(Locale.ROOT),
                "'" + field + "' holds a subquery, which the REST API does not accept; use POST /query.");
    }

    private static InvalidRequestException notOne(String field, String expected) {
        return new InvalidRequestException("INVALID_" + field.toUpperCase(Locale.ROOT),
                "'" + field + "' must be " + expected + ".");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
