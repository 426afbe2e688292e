package dev.ddb.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The users of {@code DDB_USERS}: entries {@code name:role:hash} separated by commas or white space, the hash as
 * {@link PasswordHash} writes it, e.g. {@code admin:admin:pbkdf2-sha256.600000.Qm9...}. Passwords are never held.
 */
public final class Users {

    private record Entry(Role role, PasswordHash hash) {
    }

    private final Map<String, Entry> entries;
    private final PasswordHash unknownUser;

    private Users(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        int iterations = entries.values().stream().mapToInt(e -> e.hash().iterations()).max()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
        this.unknownUser = PasswordHash.matchingNothing(iterations);
    }

    public static Users none() {
        return new Users(new LinkedHashMap<>());
    }

    /** @throws IllegalArgumentException naming the entry (by its position and user name) that is wrong */
    public static Users parse(String spec) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new Users(entries);
        }
        int position = 0;
        for (String item : spec.trim().split("[,\\s]+")) {
            position++;
            String[] parts = item.split(":", 3);
            if (parts.length != 3 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("DDB_USERS entry " + position + " must read name:role:hash");
            }
            try {
                if (entries.put(parts[0], new Entry(Role.parse(parts[1]), PasswordHash.parse(parts[2]))) != null) {
                    throw new IllegalArgumentException("the user is named twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DDB_USERS entry " + position + " (user '" + parts[0] + "'): "
                        + e.getMessage(), e);
            }
        }
        return new Users(entries);
    }

    /**
     * The user, when the password is theirs. Slow on purpose (a full PBKDF2 derivation), also for a name that is not
     * a user, so the time taken does not tell which names exist: callers cache the verdict.
     */
    public Optional<Caller> verify(String name, String password) {
        Entry entry = entries.get(name);
        if (entry == null) {
            unknownUser.matches(password);
            return Optional.empty();
        }
        return entry.hash().matches(password) ? Optional.of(new Caller(name, entry.role())) : Optional.empty();
    }

    public int size() {
        return entries.size();
    }
}
