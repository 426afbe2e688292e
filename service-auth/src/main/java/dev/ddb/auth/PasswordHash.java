package dev.ddb.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as configuration holds it: PBKDF2 with HMAC-SHA256, written
 * {@code pbkdf2-sha256.<iterations>.<salt>.<hash>} (salt and hash in unpadded base64url). The characters are those
 * that need no quoting in a shell, a YAML file or docker-compose's interpolation ({@code $}), and none of the
 * separators of {@code DDB_USERS}. The JDK has PBKDF2; bcrypt or Argon2 would need a library in every service.
 */
public final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about half a second here, paid once per credential and process. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public static PasswordHash of(String password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    public static PasswordHash of(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** A hash no password matches that costs as much to check as a real one: the answer for a user that does not exist. */
    static PasswordHash matchingNothing(int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /** @throws IllegalArgumentException saying what is wrong, never echoing the value */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("a password hash must read " + SCHEME + ".<iterations>.<salt>.<hash>"
                    + " (./ddb hash-password makes one)");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1) {
                throw new IllegalArgumentException("a password hash needs at least one iteration");
            }
            byte[] salt = DECODER.decode(parts[2]);
            byte[] hash = DECODER.decode(parts[3]);
            if (salt.length == 0 || hash.length == 0) {
                throw new IllegalArgumentException("a password hash needs a salt and a hash");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a password hash must read " + SCHEME
                    + ".<iterations>.<salt>.<hash> with base64url salt and hash: " + e.getMessage(), e);
        }
    }

    public String encoded() {
        return SCHEME + "." + iterations + "." + ENCODER.encodeToString(salt) + "." + ENCODER.encodeToString(hash);
    }

    public int iterations() {
        return iterations;
    }

    /** Costs the full derivation whatever the password, and compares in constant time. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(derive(password, salt, iterations, hash.length), hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int length) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return SCHEME + "(" + iterations + " iterations)";
    }
}
