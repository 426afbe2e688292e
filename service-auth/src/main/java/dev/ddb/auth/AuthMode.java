package dev.ddb.auth;

import java.util.Locale;

/** {@code DDB_AUTH}: whether callers on this machine may skip credentials where an endpoint allows it. */
public enum AuthMode {
    /**
     * The default: a caller on a loopback address needs no credentials for the endpoints marked so ({@code /query}
     * and the seed API's reads and writes), so the curl examples work on the machine itself.
     */
    LOOPBACK_TRUSTED,
    /** {@code DDB_AUTH=required}: every caller is treated as a remote one. */
    REQUIRED;

    /** @throws IllegalArgumentException for anything but blank, {@code loopback} or {@code required} */
    public static AuthMode parse(String value) {
        if (value == null || value.isBlank()) {
            return LOOPBACK_TRUSTED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "loopback" -> LOOPBACK_TRUSTED;
            case "required" -> REQUIRED;
            default -> throw new IllegalArgumentException("DDB_AUTH must be 'required' or 'loopback' (the default), got '"
                    + value + "'");
        };
    }
}
