package dev.ddb.coordinator.log;

import java.util.Locale;

/** What an instance is in its epoch, as {@code ddb_meta.state.role} spells it. */
public enum InstanceRole {
    MASTER,
    REPLICA;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalStateException for a value no version of the suite writes */
    public static InstanceRole fromColumn(String value) {
        for (InstanceRole role : values()) {
            if (role.column().equals(value)) {
                return role;
            }
        }
        throw new IllegalStateException("ddb_meta.state.role holds '" + value + "', neither master nor replica");
    }
}
