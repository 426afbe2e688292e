package dev.ddb.auth;

import java.security.Principal;

/** Who sent a request, once their credentials were verified: a configured user or token, and its role. */
public record Caller(String name, Role role) implements Principal {

    public boolean actsAs(Role wanted) {
        return role.grants().contains(wanted);
    }

    @Override
    public String getName() {
        return name;
    }
}
