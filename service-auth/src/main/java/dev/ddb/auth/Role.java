package dev.ddb.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a caller may do. One role per user or token; the stronger ones include the weaker. */
public enum Role {
    /** Reads through {@code /query} and the seed API's reads; the helper services' read-only answers. */
    READER,
    /** Everything a reader does, plus writes and schema changes. */
    WRITER,
    /** Everything: {@code /admin/*}, databases created and dropped, actuator beyond health, and every other role's calls. */
    ADMIN,
    /** The suite's own calls between services: timestamps, quorums, elections, metrics and their observations. */
    SERVICE;

    /** The lower-case name used in configuration and messages. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles a caller holding this one acts as. */
    public Set<Role> grants() {
        return switch (this) {
            case READER -> EnumSet.of(READER);
            case WRITER -> EnumSet.of(WRITER, READER);
            case ADMIN -> EnumSet.allOf(Role.class);
            case SERVICE -> EnumSet.of(SERVICE);
        };
    }

    /** @throws IllegalArgumentException naming the roles that exist */
    public static Role parse(String id) {
        for (Role role : values()) {
            if (role.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "'; one of "
                + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
    }
}
