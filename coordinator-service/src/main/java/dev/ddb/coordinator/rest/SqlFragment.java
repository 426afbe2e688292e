package dev.ddb.coordinator.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A piece of SQL a REST client sent ({@code set}, {@code where}, {@code values}, a column list),
 * split the way MySQL's lexer splits it in the default SQL mode: double quotes delimit strings and
 * backslashes escape.
 *
 * <p>A fragment is pasted into a statement the coordinator builds, so it must not be able to
 * reach outside its place: comments (which could hide the rest of the statement), semicolons,
 * unterminated quotes and a closing parenthesis without its opening one are refused here, before
 * any parser sees the text.
 */
final class SqlFragment {

    enum Kind { WORD, NUMBER, STRING, QUOTED_IDENTIFIER, SYMBOL }

    /** {@code value} is the unescaped content of a string or quoted identifier, the text otherwise. */
    record Token(Kind kind, String value) {

        boolean isWord(String word) {
            return kind == Kind.WORD && value.equalsIgnoreCase(word);
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && value.charAt(0) == symbol;
        }
    }

    private final String text;
    private final List<Token> tokens;
    private final String parserText;

    private SqlFragment(String text, List<Token> tokens, String parserText) {
        this.text = text;
        this.tokens = List.copyOf(tokens);
        this.parserText = parserText;
    }

    /** @throws InvalidRequestException naming {@code field} when the text cannot stay inside its place */
    static SqlFragment lex(String field, String text) {
        return new Lexer(field, text).run();
    }

    /** The client's text, as MySQL will read it. */
    String text() {
        return text;
    }

    List<Token> tokens() {
        return tokens;
    }

    /**
     * The text for JSqlParser, which reads {@code "..."} as a name where MySQL reads a string:
     * every string spelt single-quoted, everything else as written.
     */
    String parserText() {
        return parserText;
    }

    boolean hasWord(String word) {
        return tokens.stream().anyMatch(token -> token.isWord(word));
    }

    private static final class Lexer {

        private final String field;
        private final String text;
        private final List<Token> tokens = new ArrayList<>();
        private final StringBuilder parserText = new StringBuilder();
        private int position;
        private int depth;

        Lexer(String field, String text) {
            this.field = field;
            this.text = text;
        }

        SqlFragment run() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (Character.isWhitespace(c)) {
                    parserText.append(c);
                    position++;
                } else if (c == '\'' || c == '"') {
                    string(c);
                } else if (c == '`') {
                    quotedIdentifier();
                } else if (c == '#' || text.startsWith("--", position) || text.startsWith("/*", position)) {
                    throw refuse("holds a comment (#, -- or /*), which could hide the rest of the statement");
                } else if (c == ';') {
                    throw refuse("holds a semicolon; it must be part of one statement");
                } else if (Character.isDigit(c) || c == '.' && position + 1 < text.length()
                        && Character.isDigit(text.charAt(position + 1))) {
                    number();
                } else if (Character.isLetter(c) || c == '_' || c == '$') {
                    word();
                } else {
                    symbol(c);
                }
            }
            if (depth != 0) {
                throw refuse("has " + depth + " unclosed parenthes" + (depth == 1 ? "is" : "es"));
            }
            return new SqlFragment(text, tokens, parserText.toString());
        }

        private void string(char quote) {
            int start = position++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw refuse("has a string opened at character " + (start + 1) + " that never closes");
                }
                char c = text.charAt(position);
                if (c == '\\' && position + 1 < text.length()) {
                    value.append(unescape(text.charAt(position + 1)));
                    position += 2;
                } else if (c == quote && position + 1 < text.length() && text.charAt(position + 1) == quote) {
                    value.append(quote);
                    position += 2;
                } else if (c == quote) {
                    position++;
                    break;
                } else {
                    value.append(c);
                    position++;
                }
            }
            tokens.add(new Token(Kind.STRING, value.toString()));
            parserText.append('\'').append(value.toString().replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }

        /** MySQL's escapes; any other escaped character stands for itself. */
        private static char unescape(char c) {
            return switch (c) {
                case '0' -> '\0';
                case 'b' -> '\b';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'Z' -> '\u001A';
                default -> c;
            };
        }

        private void quotedIdentifier() {
            int start = position++;
            StringBuilder name = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw refuse("has a `quoted name` opened at character " + (start + 1) + " that never closes");
                }
                char c = text.charAt(position);
                if (c == '`' && position + 1 < text.length() && text.charAt(position + 1) == '`') {
                    name.append('`');
                    position += 2;
                } else if (c == '`') {
                    position++;
                    break;
                } else {
                    name.append(c);
                    position++;
                }
            }
            tokens.add(new Token(Kind.QUOTED_IDENTIFIER, name.toString()));
            parserText.append(text, start, position);
        }

        private void number() {
            int start = position;
            digits();
            if (position < text.length() && text.charAt(position) == '.') {
                position++;
                digits();
            }
            if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                int exponent = position + 1;
                if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
                    position = exponent;
                    digits();
                }
            }
            if (position < text.length() && isWordPart(text.charAt(position))) {
                // MySQL reads 1abc as a name; so does the word rule, which keeps it one token.
                position = start;
                word();
                return;
            }
            tokens.add(new Token(Kind.NUMBER, text.substring(start, position)));
            parserText.append(text, start, position);
        }

        private void digits() {
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
        }

        private void word() {
            int start = position;
            while (position < text.length() && isWordPart(text.charAt(position))) {
                position++;
            }
            tokens.add(new Token(Kind.WORD, text.substring(start, position)));
            parserText.append(text, start, position);
        }

        private static boolean isWordPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }

        private void symbol(char c) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw refuse("closes a parenthesis at character " + (position + 1) + " that it never opened");
            }
            tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
            parserText.append(c);
            position++;
        }

        private InvalidRequestException refuse(String why) {
            return new InvalidRequestException("INVALID_" + field.toUpperCase(Locale.ROOT),
                    "'" + field + "' " + why + ".");
        }
    }
}
