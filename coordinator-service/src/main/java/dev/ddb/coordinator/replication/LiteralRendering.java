package dev.ddb.coordinator.replication;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import dev.ddb.coordinator.log.LoggedStatement;

/**
 * Connector/J's rendering of a statement with bound parameters ({@link StatementScript#render}), done directly for
 * the statements nearly every write is made of. Through the driver each rendering built a client-side prepared
 * statement and looked its settings up again for every value: a fifth of the coordinator's CPU under load, for the
 * sequencer and the appliers alike.
 *
 * <p>Covered: connections encoding UTF-8 without {@code NO_BACKSLASH_ESCAPES} or {@code ANSI_QUOTES} in their
 * {@code sql_mode} (the suite's instances), statement texts without JDBC escapes ({@code {fn ...}}) or comments, and
 * parameters that are NULL, whole numbers, booleans or strings of well-formed UTF-16. Anything else answers null and
 * the caller lets the driver render it. The texts must equal the driver's, character for character, since the
 * master's and the replicas' renderings of one entry may come from either path; {@code LiteralRenderingTest}
 * compares the two on a real server.
 */
public final class LiteralRendering {

    /** The suite's instances' settings: UTF-8, backslash escapes, double quotes around strings. */
    private static final RenderingSettings SUITE = new RenderingSettings("UTF-8", false, false, true);

    private LiteralRendering() {
    }

    /**
     * A logged statement as a person reads it ({@code /transactions}, a rejoin's discarded entries): each {@code ?}
     * with its value written in as the suite's connections send it, decimals in their plain form; the text and its
     * values side by side where that is not possible (comments or JDBC escapes in the text).
     */
    public static String readable(LoggedStatement statement) {
        if (statement.params().isEmpty()) {
            return statement.sql();
        }
        String text = render(SUITE, statement.sql(), statement.params(), true);
        return text != null ? text : statement.sql() + " -- with " + statement.params();
    }

    /** The statement with each {@code ?} replaced by its parameter's literal, or null if this case is not covered. */
    static String render(RenderingSettings settings, String sql, List<Object> params) {
        return render(settings, sql, params, false);
    }

    /** @param decimals whether decimals are written in (the driver's own rendering of them is not reproduced here) */
    private static String render(RenderingSettings settings, String sql, List<Object> params, boolean decimals) {
        if (!covers(settings)) {
            return null;
        }
        int length = sql.length();
        StringBuilder text = new StringBuilder(length + 24 * params.size());
        int copiedUpTo = 0;
        int parameter = 0;
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> {
                    i = closingQuote(sql, i);
                    if (i < 0) {
                        return null;
                    }
                }
                case '{', '#' -> {
                    return null;
                }
                case '-', '/' -> {
                    char comment = c == '-' ? '-' : '*';
                    if (i + 1 < length && sql.charAt(i + 1) == comment) {
                        return null;
                    }
                }
                case '?' -> {
                    if (parameter == params.size()) {
                        return null;
                    }
                    text.append(sql, copiedUpTo, i);
                    if (!appendLiteral(text, params.get(parameter++), decimals)) {
                        return null;
                    }
                    copiedUpTo = i + 1;
                }
                default -> {
                }
            }
        }
        if (parameter != params.size()) {
            return null;
        }
        return text.append(sql, copiedUpTo, length).toString();
    }

    private static boolean covers(RenderingSettings settings) {
        return !settings.noBackslashEscapes() && !settings.ansiQuotes() && isUtf8(settings.characterEncoding());
    }

    private static boolean isUtf8(String encoding) {
        return encoding != null && (encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8"));
    }

    /**
     * Where the quoted string or identifier opening at {@code open} ends: a backslash escapes the next character
     * inside strings (not inside backquoted identifiers), a doubled quote stands for itself. -1 if it never ends.
     */
    private static int closingQuote(String sql, int open) {
        char quote = sql.charAt(open);
        for (int i = open + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean appendLiteral(StringBuilder text, Object value, boolean decimals) {
        if (value == null) {
            text.append("NULL");
        } else if (decimals && value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (decimals && value instanceof BigInteger integer) {
            text.append(integer);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            text.append(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            text.append(bool ? '1' : '0');
        } else if (value instanceof String string) {
            return appendString(text, string);
        } else {
            return false;
        }
        return true;
    }

    /** Quoted, with the escapes the driver writes (a quote doubled, control characters after a backslash); false for a lone surrogate, which UTF-8 cannot carry. */
    private static boolean appendString(StringBuilder text, String value) {
        text.append('\'');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case 0 -> text.append("\\0");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\\' -> text.append("\\\\");
                case '\'' -> text.append("''");
                case '\032' -> text.append("\\Z");
                default -> {
                    if (Character.isSurrogate(c)) {
                        if (!Character.isHighSurrogate(c) || i + 1 == length || !Character.isLowSurrogate(value.charAt(i + 1))) {
                            return false;
                        }
                        text.append(c);
                        c = value.charAt(++i);
                    }
                    text.append(c);
                }
            }
        }
        text.append('\'');
        return true;
    }
}
