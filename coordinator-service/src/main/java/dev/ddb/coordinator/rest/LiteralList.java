package dev.ddb.coordinator.rest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import dev.ddb.coordinator.rest.SqlFragment.Kind;
import dev.ddb.coordinator.rest.SqlFragment.Token;

/**
 * The {@code values} string of {@code /insert}, such as {@code NULL, "John Doe", 42}: literals
 * only (strings in single or double quotes, numbers, NULL, TRUE, FALSE), read into the values
 * bound to the statement's placeholders. Nothing of the string reaches the SQL text.
 */
final class LiteralList {

    private LiteralList() {
    }

    static List<Object> parse(String values) {
        if (values == null || values.isBlank()) {
            throw new InvalidRequestException("MISSING_FIELD", "'values' is empty; give one literal per column.");
        }
        List<Token> tokens = SqlFragment.lex("values", values).tokens();
        List<Object> literals = new ArrayList<>();
        int i = 0;
        while (true) {
            boolean negative = false;
            if (i < tokens.size() && (tokens.get(i).isSymbol('-') || tokens.get(i).isSymbol('+'))) {
                negative = tokens.get(i).isSymbol('-');
                i++;
                if (i >= tokens.size() || tokens.get(i).kind() != Kind.NUMBER) {
                    throw notLiteral("a sign must be followed by a number");
                }
            }
            if (i >= tokens.size()) {
                throw notLiteral("it ends where a value belongs");
            }
            Token token = tokens.get(i++);
            literals.add(literal(token, negative));
            if (i == tokens.size()) {
                return literals;
            }
            if (!tokens.get(i++).isSymbol(',')) {
                throw notLiteral("values must be separated by commas, found '" + tokens.get(i - 1).value() + "'");
            }
        }
    }

    private static Object literal(Token token, boolean negative) {
        switch (token.kind()) {
            case STRING:
                return token.value();
            case NUMBER:
                return number(negative ? "-" + token.value() : token.value());
            case WORD:
                if (token.isWord("NULL")) {
                    return null;
                }
                if (token.isWord("TRUE") || token.isWord("FALSE")) {
                    return token.isWord("TRUE");
                }
                throw notLiteral("'" + token.value() + "' is not a literal");
            default:
                throw notLiteral("'" + token.value() + "' is not a literal");
        }
    }

    private static Object number(String text) {
        if (text.matches("-?\\d+")) {
            BigInteger integer = new BigInteger(text);
            return integer.bitLength() < Long.SIZE ? (Object) integer.longValue() : integer;
        }
        return new BigDecimal(text);
    }

    private static InvalidRequestException notLiteral(String why) {
        return new InvalidRequestException("INVALID_VALUES", "'values' must be a comma-separated list of literals"
                + " (strings, numbers, NULL, TRUE, FALSE): " + why + ".");
    }
}
