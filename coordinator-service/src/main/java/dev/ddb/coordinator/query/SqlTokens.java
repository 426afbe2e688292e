package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement split into tokens the way MySQL's own lexer splits it (default SQL mode: double
 * quotes delimit strings, backslash escapes, {@code #} and {@code -- } comments), plus the text
 * handed to JSqlParser.
 *
 * <p>JSqlParser reads some MySQL text differently from the server: it takes {@code "Alice"} for an
 * identifier and splits {@code "a.b"} at the dot, treats {@code --1} as a comment where MySQL sees
 * {@code - -1}, ignores {@code /*! ... *}{@code /} comments that MySQL executes, and cannot parse
 * {@code LOCK IN SHARE MODE}. The parser text therefore spells every string single-quoted, drops
 * comments, separates {@code - -}, and says {@code FOR SHARE}; {@link #originalOffset(int)} maps
 * each of its characters back to the client's text, which is what gets executed.
 */
final class SqlTokens {

    enum Type { WORD, QUOTED_IDENTIFIER, STRING, SYMBOL }

    /**
     * One token: {@code text} is the identifier without backticks for {@link
     * Type#QUOTED_IDENTIFIER}, the raw text otherwise; {@code start}/{@code end} index the client's
     * text.
     */
    record Token(Type type, String text, int start, int end) {

        boolean isWord(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(char symbol) {
            return type == Type.SYMBOL && text.charAt(0) == symbol;
        }

        boolean isIdentifier() {
            return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
        }
    }

    private final String sql;
    private final List<Token> statement;
    private final boolean furtherStatements;
    private final String parserText;
    private final int[] origins;

    private SqlTokens(String sql, List<Token> all) {
        this.sql = sql;
        int separator = 0;
        while (separator < all.size() && !all.get(separator).isSymbol(';')) {
            separator++;
        }
        this.statement = List.copyOf(all.subList(0, separator));
        this.furtherStatements =
                all.subList(separator, all.size()).stream().anyMatch(token -> !token.isSymbol(';'));
        ParserText text = new ParserText(sql, statement);
        this.parserText = text.builder.toString();
        this.origins = Arrays.copyOf(text.origins, text.builder.length());
    }

    static SqlTokens lex(String sql) {
        return new SqlTokens(sql, new Lexer(sql).tokens());
    }

    String sql() {
        return sql;
    }

    /** The tokens of the first statement, without its terminating semicolon. */
    List<Token> tokens() {
        return statement;
    }

    boolean isEmpty() {
        return statement.isEmpty();
    }

    /** Whether anything but semicolons follows the first statement. */
    boolean hasFurtherStatements() {
        return furtherStatements;
    }

    boolean startsWith(String... keywords) {
        if (statement.size() < keywords.length) {
            return false;
        }
        for (int i = 0; i < keywords.length; i++) {
            if (!statement.get(i).isWord(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    String parserText() {
        return parserText;
    }

    /** The offset in the client's text of the character at {@code parserOffset} in the parser text. */
    int originalOffset(int parserOffset) {
        if (parserOffset >= origins.length) {
            return sql.length();
        }
        return origins[Math.max(parserOffset, 0)];
    }

    /** The index of the token starting at {@code offset} in the client's text, or -1. */
    int tokenAt(int offset) {
        int low = 0;
        int high = statement.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int start = statement.get(middle).start();
            if (start < offset) {
                low = middle + 1;
            } else if (start > offset) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    int placeholderCount() {
        return (int) statement.stream().filter(token -> token.isSymbol('?')).count();
    }

    /** "line L, column C" of an offset in the client's text, counting from 1 as MySQL does. */
    String position(int offset) {
        return position(sql, offset);
    }

    private static String position(String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    /** A short excerpt of the client's text from {@code offset}, for error messages. */
    String excerpt(int offset) {
        int end = Math.min(sql.length(), offset + 40);
        String excerpt = sql.substring(Math.min(offset, sql.length()), end).strip();
        return end < sql.length() ? excerpt + "..." : excerpt;
    }

    private static final class Lexer {

        private final String sql;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        Lexer(String sql) {
            this.sql = sql;
        }

        List<Token> tokens() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (c <= ' ') {
                    pos++;
                } else if (c == '#') {
                    skipLine();
                } else if (c == '-' && at(pos + 1) == '-' && (pos + 2 >= sql.length() || at(pos + 2) <= ' ')) {
                    skipLine();
                } else if (c == '/' && at(pos + 1) == '*') {
                    skipBlockComment();
                } else if (c == '\'' || c == '"') {
                    quoted(Type.STRING, c);
                } else if (c == '`') {
                    quoted(Type.QUOTED_IDENTIFIER, c);
                } else if (isWordChar(c)) {
                    int start = pos;
                    while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                        pos++;
                    }
                    tokens.add(new Token(Type.WORD, sql.substring(start, pos), start, pos));
                } else {
                    tokens.add(new Token(Type.SYMBOL, String.valueOf(c), pos, pos + 1));
                    pos++;
                }
            }
            return tokens;
        }

        private char at(int index) {
            return index < sql.length() ? sql.charAt(index) : '\0';
        }

        private void skipLine() {
            while (pos < sql.length() && sql.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void skipBlockComment() {
            int start = pos;
            if (at(pos + 2) == '!' || (at(pos + 2) == 'M' && at(pos + 3) == '!')) {
                throw new QueryRejectedException(RejectionCode.EXECUTABLE_COMMENT,
                        "The executable comment at " + position(start) + " is not accepted: MySQL runs"
                                + " the text inside /*! ... */, so the coordinator could not check it.");
            }
            int end = sql.indexOf("*/", pos + 2);
            if (end < 0) {
                throw new QueryRejectedException(RejectionCode.SYNTAX_ERROR,
                        "The comment opened at " + position(start) + " is never closed with */.");
            }
            pos = end + 2;
        }

        private void quoted(Type type, char quote) {
            int start = pos;
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (c == '\\' && type == Type.STRING) {
                    pos += 2;
                } else if (c == quote && at(pos + 1) == quote) {
                    pos += 2;
                } else if (c == quote) {
                    pos++;
                    String text = type == Type.STRING
                            ? sql.substring(start, pos)
                            : sql.substring(start + 1, pos - 1).replace("``", "`");
                    tokens.add(new Token(type, text, start, pos));
                    return;
                } else {
                    pos++;
                }
            }
            String what = type == Type.STRING ? "string literal" : "quoted identifier";
            throw new QueryRejectedException(RejectionCode.SYNTAX_ERROR,
                    "The " + what + " opened at " + position(start) + " is never closed with " + quote + ".");
        }

        private String position(int offset) {
            return SqlTokens.position(sql, offset);
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
        }
    }

    /** Builds the parser's view of one statement, remembering where each character came from. */
    private static final class ParserText {

        final StringBuilder builder = new StringBuilder();
        int[] origins = new int[64];

        ParserText(String sql, List<Token> tokens) {
            int lastStringClose = -1;
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                Token previous = i == 0 ? null : tokens.get(i - 1);
                boolean gap = previous != null && token.start() > previous.end();
                if (isLockInShareMode(tokens, i)) {
                    separate(gap, token.start());
                    append("FOR SHARE", token.start());
                    i += 3;
                    lastStringClose = -1;
                    continue;
                }
                if (token.type() == Type.STRING && lastStringClose >= 0) {
                    // MySQL joins adjacent string literals ('a' 'b' is 'ab'); JSqlParser would
                    // read the second one as an alias.
                    builder.setLength(lastStringClose);
                    appendStringContent(token);
                } else {
                    boolean minusMinus = previous != null && previous.isSymbol('-') && token.text().startsWith("-");
                    separate(gap || minusMinus, token.start());
                    switch (token.type()) {
                        case STRING -> {
                            append("'", token.start());
                            appendStringContent(token);
                        }
                        case QUOTED_IDENTIFIER -> appendIdentifier(token);
                        default -> append(token.text(), token.start());
                    }
                }
                if (token.type() == Type.STRING) {
                    lastStringClose = builder.length();
                    append("'", token.end() - 1);
                } else {
                    lastStringClose = -1;
                }
            }
        }

        private static boolean isLockInShareMode(List<Token> tokens, int i) {
            return i + 3 < tokens.size()
                    && tokens.get(i).isWord("LOCK")
                    && tokens.get(i + 1).isWord("IN")
                    && tokens.get(i + 2).isWord("SHARE")
                    && tokens.get(i + 3).isWord("MODE");
        }

        private void separate(boolean needed, int origin) {
            if (needed && builder.length() > 0) {
                append(" ", origin - 1);
            }
        }

        /**
         * Appends a literal's content in the canonical single-quoted form: the client's escapes are
         * kept, quotes are doubled, and raw tabs and line breaks become escapes so that the parser
         * text stays on one line (its columns are then plain offsets).
         */
        private void appendStringContent(Token token) {
            String raw = token.text();
            char quote = raw.charAt(0);
            int base = token.start();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c == '\\') {
                    char escaped = raw.charAt(i + 1);
                    append(escaped < ' ' ? controlEscape(escaped) : "\\" + escaped, base + i);
                    i++;
                } else if (c == quote) {
                    append(quote == '\'' ? "''" : "\"", base + i);
                    i++;
                } else if (c == '\'') {
                    append("''", base + i);
                } else if (c < ' ') {
                    append(controlEscape(c), base + i);
                } else {
                    append(String.valueOf(c), base + i);
                }
            }
        }

        private static String controlEscape(char c) {
            return switch (c) {
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> String.valueOf(c);
            };
        }

        private void appendIdentifier(Token token) {
            String raw = token.text();
            StringBuilder quoted = new StringBuilder("`");
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                quoted.append(c == '`' ? "``" : c < ' ' ? "_" : String.valueOf(c));
            }
            append(quoted.append('`').toString(), token.start());
        }

        private void append(String text, int origin) {
            for (int i = 0; i < text.length(); i++) {
                if (builder.length() == origins.length) {
                    origins = Arrays.copyOf(origins, origins.length * 2);
                }
                origins[builder.length()] = origin;
                builder.append(text.charAt(i));
            }
        }
    }
}
