package dev.ddb.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, kept only as SHA-256 digests: from {@code DDB_TOKENS}, entries {@code name:role:sha256-hex} separated
 * by commas or white space, plus the service token. A token is a long random string, so one unsalted SHA-256 is as
 * good as a slow hash and costs a microsecond.
 */
public final class Tokens {

    private record Entry(Caller caller, byte[] digest) {
    }

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Tokens none() {
        return new Tokens(List.of());
    }

    /** @throws IllegalArgumentException naming the entry (by its position and name) that is wrong */
    public static Tokens parse(String spec) {
        List<Entry> entries = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return new Tokens(entries);
        }
        int position = 0;
        for (String item : spec.trim().split("[,\\s]+")) {
            position++;
            String[] parts = item.split(":", 3);
            if (parts.length != 3 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("DDB_TOKENS entry " + position + " must read name:role:sha256-hex");
            }
            try {
                entries.add(new Entry(new Caller(parts[0], Role.parse(parts[1])), digest(parts[2])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DDB_TOKENS entry " + position + " (token '" + parts[0] + "'): "
                        + e.getMessage(), e);
            }
        }
        return new Tokens(entries);
    }

    /** These tokens and one more, given by the SHA-256 of its value in hex. */
    public Tokens with(Caller caller, String sha256Hex) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(caller, digest(sha256Hex)));
        return new Tokens(more);
    }

    /**
     * The caller whose token this is. Every stored digest is compared, each in constant time and without stopping at a
     * match, so the time taken says nothing about which digest matched or how much of it.
     */
    public Optional<Caller> find(String token) {
        byte[] presented = Sha256.of(token);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    private static byte[] digest(String sha256Hex) {
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(sha256Hex.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a token's SHA-256 must be 64 hex digits", e);
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("a token's SHA-256 must be 64 hex digits, got " + sha256Hex.trim().length());
        }
        return digest;
    }
}
