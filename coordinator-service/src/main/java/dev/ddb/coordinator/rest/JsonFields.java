package dev.ddb.coordinator.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** A REST body read field by field: unknown fields and wrong types are 400s naming the field. */
final class JsonFields {

    private final JsonNode body;

    private JsonFields(JsonNode body) {
        this.body = body;
    }

    /** The body, refused if it is not an object or has a field outside {@code allowed}. */
    static JsonFields of(JsonNode body, String endpoint, Set<String> allowed) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new InvalidRequestException("MISSING_BODY", endpoint + " needs a JSON object body with "
                    + String.join(", ", allowed) + ".");
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("MALFORMED_JSON", "The body of " + endpoint + " must be a JSON object.");
        }
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new InvalidRequestException("UNKNOWN_FIELD", "The request has a field '" + name + "' that "
                        + endpoint + " does not know; allowed: " + String.join(", ", allowed) + ".");
            }
        }
        return new JsonFields(body);
    }

    boolean has(String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    /** The string in {@code field}, null when absent. */
    String text(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.isString()) {
            throw new InvalidRequestException("INVALID_FIELD", "'" + field + "' must be a string.");
        }
        return value.asString();
    }

    /** The object in {@code field} as column name to SQL value (string, number, boolean or null). */
    Map<String, Object> values(String field) {
        JsonNode value = body.get(field);
        if (!value.isObject()) {
            throw new InvalidRequestException("INVALID_FIELD", "'" + field + "' must be an object of column to value.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : value.properties()) {
            values.put(column.getKey(), scalar(field + "." + column.getKey(), column.getValue()));
        }
        return values;
    }

    /** The array of objects in {@code field}. */
    List<JsonFields> objects(String field, String endpoint, Set<String> allowed) {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray()) {
            throw new InvalidRequestException("INVALID_FIELD", "'" + field + "' must be an array of objects.");
        }
        List<JsonFields> objects = new ArrayList<>();
        for (JsonNode element : value) {
            objects.add(of(element, endpoint + " " + field, allowed));
        }
        return objects;
    }

    private static Object scalar(String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        throw new InvalidRequestException("INVALID_FIELD", "'" + field + "' must be a string, number, boolean or null.");
    }
}
