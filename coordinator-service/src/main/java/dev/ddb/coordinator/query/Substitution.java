package dev.ddb.coordinator.query;

/**
 * One call replaced before logging so that every node computes the same value.
 *
 * @param offset where {@code original} starts in the client's text
 * @param original the text that was replaced, such as {@code UUID()}
 * @param replacement what the logged statement holds instead, such as {@code '1b4e28ba-...'}
 */
public record Substitution(int offset, String original, String replacement) {
}
