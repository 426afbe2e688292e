package dev.ddb.stress.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts typed text into statements at each {@code ;} that is outside a quoted string, a quoted identifier and a
 * comment, the way the mysql client does, so {@code 'a;b'} or {@code -- x;} never ends a statement. Comments stay in
 * the statement text: the coordinator parses them, and refuses the executable ones.
 */
final class StatementSplitter {

    /**
     * @param statements the complete statements, trimmed, without their {@code ;}, empty ones left out
     * @param remainder the text after the last {@code ;}, trimmed; empty when it holds nothing but blanks and comments
     */
    record Split(List<String> statements, String remainder) {

        boolean complete() {
            return remainder.isEmpty();
        }
    }

    private StatementSplitter() {
    }

    static Split split(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean currentHasCode = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '\'' || c == '"' || c == '`') {
                end = quotedEnd(text, i, c);
            } else if (c == '#' || startsLineComment(text, i)) {
                end = lineEnd(text, i);
            } else if (text.startsWith("/*", i)) {
                end = blockCommentEnd(text, i);
            } else if (c == ';') {
                if (currentHasCode) {
                    statements.add(current.toString().trim());
                }
                current.setLength(0);
                currentHasCode = false;
                i++;
                continue;
            } else {
                currentHasCode |= !Character.isWhitespace(c);
                current.append(c);
                i++;
                continue;
            }
            // A comment alone is not a statement; a quoted string is (and so is an executable /*! ... */ comment).
            currentHasCode |= c == '\'' || c == '"' || c == '`' || text.startsWith("/*!", i);
            current.append(text, i, end);
            i = end;
        }
        return new Split(List.copyOf(statements), currentHasCode ? current.toString().trim() : "");
    }

    /** MySQL reads {@code --} as a comment only when a blank or the end of the text follows it. */
    private static boolean startsLineComment(String text, int i) {
        return text.startsWith("--", i) && (i + 2 == text.length() || Character.isWhitespace(text.charAt(i + 2)));
    }

    private static int lineEnd(String text, int i) {
        int newline = text.indexOf('\n', i);
        return newline < 0 ? text.length() : newline;
    }

    private static int blockCommentEnd(String text, int i) {
        int close = text.indexOf("*/", i + 2);
        return close < 0 ? text.length() : close + 2;
    }

    /** After the closing quote; a doubled quote and (in strings) a backslash escape stay inside. Unclosed: the end. */
    private static int quotedEnd(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }
}
