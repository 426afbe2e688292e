package dev.ddb.coordinator.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An accepted statement and the values for its placeholders: the client's {@code params}, and the literals the
 * classifier took out of the client's text ({@link LiteralDigest}).
 *
 * @param params as many values as {@code statement} has placeholders, in order; may hold nulls
 */
public record BoundStatement(ClassifiedStatement statement, List<Object> params) {

    public BoundStatement {
        if (params.size() != statement.placeholderCount()) {
            throw new IllegalArgumentException(params.size() + " values for " + statement.placeholderCount() + " placeholders");
        }
        // Parameters may be SQL NULL, so no List.copyOf.
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
