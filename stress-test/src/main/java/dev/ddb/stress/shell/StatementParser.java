package dev.ddb.stress.shell;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when Enter ends the input: a statement only at its {@code ;}, a shell command at once. Until then
 * Enter adds a line under the continuation prompt, so a statement typed over several lines is edited, accepted and
 * kept in the history as one.
 */
final class StatementParser implements Parser {

    private final Parser words = new DefaultParser();

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && SqlSession.needsMore(line)) {
            throw new EOFError(-1, cursor, "statement not ended with ;");
        }
        return words.parse(line, cursor, context);
    }
}
