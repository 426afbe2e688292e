package dev.ddb.coordinator.rest;

import java.util.regex.Pattern;

/**
 * Database, table and column names the REST API accepts: letters, digits and underscores, at most
 * 64 characters (MySQL's limit), always written backtick-quoted into the SQL it builds.
 */
final class Identifiers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private Identifiers() {
    }

    /** The name, checked; {@code field} says which parameter held it. */
    static String require(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("MISSING_PARAMETER", "'" + field + "' is required.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("INVALID_IDENTIFIER", "'" + field + "' must be 1 to 64 letters, digits or"
                    + " underscores; got '" + name + "'.");
        }
        return name;
    }

    /** {@code `name`}, checked. */
    static String quoted(String field, String name) {
        return "`" + require(field, name) + "`";
    }

    /** {@code `database`.`table`}, both checked. */
    static String qualified(String database, String table) {
        return quoted("dbname", database) + "." + quoted("table", table);
    }
}
