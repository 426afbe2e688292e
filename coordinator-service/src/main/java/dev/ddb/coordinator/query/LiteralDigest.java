package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ddb.coordinator.query.SqlTokens.Token;
import dev.ddb.coordinator.query.SqlTokens.Type;

/**
 * A statement with its literals taken out, as ProxySQL's query digests do: {@code UPDATE t SET v = 'x' WHERE id = 7}
 * becomes {@code UPDATE t SET v = ? WHERE id = ?} with the values {@code "x"} and {@code 7}. Statements that differ
 * only in their values share one digest, so they share one classification, and the sequencer and the replicas see
 * what a client sending {@code params} would have sent: single-row INSERTs of one digest merge into one multi-row
 * INSERT.
 *
 * <p>The values go back into the text by client-side binding ({@code useServerPrepStmts=false}), so what a server
 * runs is the client's statement with each literal spelled the way the driver spells it: the same value. Only
 * literals whose value binding reproduces exactly are taken out:
 * <ul>
 *   <li>strings in single or double quotes, with MySQL's escapes decoded (the driver writes them back escaped), but
 *       not a string right after a word (an introducer or type, as in {@code _utf8mb4'a'}, {@code X'0A'},
 *       {@code DATE'2026-01-01'}), nor one after AS, COLLATE or ESCAPE, where a placeholder is not an expression, nor
 *       strings next to each other, which MySQL joins;</li>
 *   <li>whole numbers of up to 18 digits without leading zeros, which bind as the same number; not decimals or
 *       numbers with exponents (a bound decimal would be DECIMAL where {@code 1e3} is DOUBLE), and not numbers in
 *       ORDER BY or GROUP BY, where {@code 1} names a column but a bound value sorts by a constant.</li>
 * </ul>
 * Only SELECT, INSERT, REPLACE, UPDATE and DELETE are digested, and only when nothing but blanks lies between their
 * tokens: a comment could hide a placeholder from the driver's count.
 *
 * <p>A digest is an equivalent statement, not a proof of one: the classifier accepts a digest's verdict only if the
 * digest parses and is accepted; anything else is classified as the client wrote it.
 */
final class LiteralDigest {

    /** Marks, in {@link #values}, a placeholder the client wrote, bound to the client's next parameter. */
    private static final Object CLIENT_PARAMETER = new Object();
    private static final int MAX_DIGIT_COUNT = 18;

    private final String clientText;
    private final String text;
    private final List<Object> values;
    private final int clientPlaceholders;

    private LiteralDigest(String clientText, String text, List<Object> values, int clientPlaceholders) {
        this.clientText = clientText;
        this.text = text;
        this.values = values;
        this.clientPlaceholders = clientPlaceholders;
    }

    /** The statement's digest, or empty if it has no literal to take out or is not a kind this digests. */
    static Optional<LiteralDigest> of(SqlTokens tokens) {
        List<Token> all = tokens.tokens();
        if (all.isEmpty() || tokens.hasFurtherStatements() || !isDigestedKind(all.get(0)) || !onlyBlanksBetween(tokens)) {
            return Optional.empty();
        }
        String sql = tokens.sql();
        StringBuilder text = new StringBuilder(sql.length());
        List<Object> values = new ArrayList<>();
        int clientPlaceholders = 0;
        int literals = 0;
        int copied = 0;
        int depth = 0;
        int orderingDepth = Integer.MAX_VALUE;
        for (int i = 0; i < all.size(); i++) {
            Token token = all.get(i);
            Token previous = i == 0 ? null : all.get(i - 1);
            Token next = i + 1 == all.size() ? null : all.get(i + 1);
            if (token.isSymbol('(')) {
                depth++;
            } else if (token.isSymbol(')')) {
                depth--;
                if (depth < orderingDepth) {
                    orderingDepth = Integer.MAX_VALUE;
                }
            } else if (token.isWord("BY") && previous != null && (previous.isWord("ORDER") || previous.isWord("GROUP"))) {
                orderingDepth = Math.min(orderingDepth, depth);
            } else if (token.isSymbol('?')) {
                values.add(CLIENT_PARAMETER);
                clientPlaceholders++;
            } else if (token.isSymbol('-') && next != null && next.isSymbol('-') && next.start() == token.end()) {
                return Optional.empty();
            }
            Object value = null;
            if (token.type() == Type.STRING) {
                if (previous != null && previous.type() == Type.STRING || next != null && next.type() == Type.STRING) {
                    return Optional.empty();
                }
                value = introduced(token, previous) ? null : stringValue(token.text());
            } else if (token.type() == Type.WORD && depth < orderingDepth && isWholeNumber(token, previous, next)) {
                value = Long.parseLong(token.text());
            }
            if (value != null) {
                text.append(sql, copied, token.start()).append('?');
                copied = token.end();
                values.add(value);
                literals++;
            }
        }
        if (literals == 0) {
            return Optional.empty();
        }
        int end = all.get(all.size() - 1).end();
        text.append(sql, copied, end);
        return Optional.of(new LiteralDigest(sql.substring(0, end), text.toString(), values, clientPlaceholders));
    }

    /** The client's statement up to its last token, without the semicolons after it. */
    String clientText() {
        return clientText;
    }

    /** The statement with a {@code ?} for each literal taken out, up to its last token. */
    String text() {
        return text;
    }

    /** How many {@code ?} the client wrote itself, to be bound to its {@code params}. */
    int clientPlaceholders() {
        return clientPlaceholders;
    }

    /** The values for every {@code ?} of {@link #text}, in order: the literals, and the client's parameters between them. */
    List<Object> bind(List<Object> clientParams) {
        if (clientParams.size() != clientPlaceholders) {
            throw new IllegalArgumentException(clientParams.size() + " parameters for " + clientPlaceholders + " placeholders");
        }
        List<Object> bound = new ArrayList<>(values.size());
        int client = 0;
        for (Object value : values) {
            bound.add(value == CLIENT_PARAMETER ? clientParams.get(client++) : value);
        }
        return bound;
    }

    private static boolean isDigestedKind(Token first) {
        return first.isWord("SELECT") || first.isWord("INSERT") || first.isWord("REPLACE") || first.isWord("UPDATE")
                || first.isWord("DELETE");
    }

    /** Whether the client's text holds only blanks around and between the statement's tokens, and semicolons after. */
    private static boolean onlyBlanksBetween(SqlTokens tokens) {
        String sql = tokens.sql();
        int at = 0;
        for (Token token : tokens.tokens()) {
            for (; at < token.start(); at++) {
                if (sql.charAt(at) > ' ') {
                    return false;
                }
            }
            at = token.end();
        }
        for (; at < sql.length(); at++) {
            char c = sql.charAt(at);
            if (c > ' ' && c != ';') {
                return false;
            }
        }
        return true;
    }

    /** A string that a word right before it, or AS, COLLATE or ESCAPE, makes something other than a plain value. */
    private static boolean introduced(Token string, Token previous) {
        return previous != null && (previous.type() == Type.WORD && previous.end() == string.start()
                || previous.isWord("AS") || previous.isWord("COLLATE") || previous.isWord("ESCAPE"));
    }

    private static boolean isWholeNumber(Token word, Token previous, Token next) {
        String text = word.text();
        if (text.length() > MAX_DIGIT_COUNT || text.length() > 1 && text.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        // 1.5, .5 and t.1 are not whole numbers.
        return !(previous != null && previous.isSymbol('.') && previous.end() == word.start())
                && !(next != null && next.isSymbol('.') && next.start() == word.end());
    }

    /**
     * The value MySQL reads from a quoted string, with its backslash escapes and doubled quotes; null for a backslash
     * before a character outside ASCII, which is left to the server to read.
     */
    private static String stringValue(String raw) {
        char quote = raw.charAt(0);
        StringBuilder value = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                char escaped = raw.charAt(++i);
                if (escaped >= 0x80) {
                    return null;
                }
                switch (escaped) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append('\032');
                    // Kept with their backslash, so that LIKE still reads them as escaped wildcards.
                    case '%', '_' -> value.append('\\').append(escaped);
                    default -> value.append(escaped);
                }
            } else if (c == quote) {
                value.append(quote);
                i++;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }
}
