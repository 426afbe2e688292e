package dev.ddb.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an endpoint asks of its callers.
 *
 * @param roles a caller acting as any of these may call it; empty means any caller with valid credentials
 * @param openToAll anyone may call it, without credentials ({@code /actuator/health})
 * @param loopbackTrusted without credentials from a loopback address, unless {@code DDB_AUTH=required}
 */
public record Access(Set<Role> roles, boolean openToAll, boolean loopbackTrusted) {

    public Access {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Access open() {
        return new Access(Set.of(), true, false);
    }

    /** Any caller whose credentials are valid, whatever their role. */
    public static Access anyCaller() {
        return new Access(Set.of(), false, false);
    }

    public static Access anyOf(Role first, Role... more) {
        return new Access(EnumSet.of(first, more), false, false);
    }

    /** {@link #anyOf}, or no credentials at all from a loopback address (the loopback exception). */
    public static Access anyOfOrLoopback(Role first, Role... more) {
        return new Access(EnumSet.of(first, more), false, true);
    }

    boolean admits(Caller caller) {
        return roles.isEmpty() || roles.stream().anyMatch(caller::actsAs);
    }

    /** For messages: "role service", "role reader or service", "credentials". */
    String describe() {
        if (roles.isEmpty()) {
            return "credentials";
        }
        return "role " + roles.stream().sorted().map(Role::id).collect(Collectors.joining(" or "));
    }
}
