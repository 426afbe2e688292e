package dev.ddb.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials a local suite runs with, kept in {@code .ddb/credentials} (mode 0600, lines {@code NAME=value}):
 * the admin user and password, a writer token and the service token, which the CLI sends, and what the services
 * verify them with, {@code DDB_USERS} (the password's PBKDF2 hash, derived once) and {@code DDB_TOKENS} (the writer
 * token's SHA-256). {@code ./ddb up} makes the file once and reuses it; more users and tokens may be added to those
 * two lines. The lines are valid shell assignments, so {@code set -a; . .ddb/credentials} exports them.
 */
public record SuiteCredentials(String adminUser, String adminPassword, String writerToken, String serviceToken,
                               String users, String tokens) {

    public static final String FILE_NAME = "credentials";
    static final String ADMIN_USER = "DDB_ADMIN_USER";
    static final String ADMIN_PASSWORD = "DDB_ADMIN_PASSWORD";
    static final String WRITER_TOKEN = "DDB_WRITER_TOKEN";
    static final String SERVICE_TOKEN = AuthSettings.SERVICE_TOKEN;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Fresh random secrets: 32 bytes per token, 18 per password (24 characters). */
    public static SuiteCredentials generate() {
        String password = random(18);
        String writerToken = "ddb_" + random(32);
        return new SuiteCredentials("admin", password, writerToken, "ddb_" + random(32),
                "admin:" + Role.ADMIN.id() + ":" + PasswordHash.of(password).encoded(),
                "writer:" + Role.WRITER.id() + ":" + Sha256.hex(writerToken));
    }

    /** The file's credentials, made and written first if there is no file yet. */
    public static SuiteCredentials loadOrCreate(Path file) throws IOException {
        Optional<SuiteCredentials> existing = read(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        SuiteCredentials fresh = generate();
        fresh.writeNew(file);
        return read(file).orElseThrow();
    }

    /** @throws IllegalStateException when the file exists but lacks a line, naming the line and what to do */
    public static Optional<SuiteCredentials> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.stripLeading().startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return Optional.of(new SuiteCredentials(required(values, ADMIN_USER, file), required(values, ADMIN_PASSWORD, file),
                required(values, WRITER_TOKEN, file), required(values, SERVICE_TOKEN, file),
                required(values, AuthSettings.USERS, file), required(values, AuthSettings.TOKENS, file)));
    }

    private static String required(Map<String, String> values, String name, Path file) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(file + " has no " + name + " line; delete the file and run ./ddb down and"
                    + " ./ddb up to make a new one");
        }
        return value;
    }

    /**
     * Writes the file where none exists, readable by its owner only from the moment it exists: a temporary file made
     * 0600, then linked into place (a link, unlike a rename, never replaces a file another {@code ./ddb up} made
     * meanwhile: that one wins).
     */
    private void writeNew(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, text(), StandardCharsets.UTF_8);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException anotherWasFaster) {
            // read() below returns the file that won
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The file's content. */
    public String text() {
        return "# Credentials of this ddb suite, made by ./ddb up. Keep this file private (mode 0600) and out of git.\n"
                + "# curl -u \"$DDB_ADMIN_USER:$DDB_ADMIN_PASSWORD\" ...   or   curl -H \"Authorization: Bearer $DDB_WRITER_TOKEN\" ...\n"
                + ADMIN_USER + "=" + adminUser + "\n"
                + ADMIN_PASSWORD + "=" + adminPassword + "\n"
                + WRITER_TOKEN + "=" + writerToken + "\n"
                + SERVICE_TOKEN + "=" + serviceToken + "\n"
                + "# What the services verify with; entries name:role:pbkdf2-hash and name:role:sha256, comma-separated.\n"
                + AuthSettings.USERS + "=" + users + "\n"
                + AuthSettings.TOKENS + "=" + tokens + "\n";
    }

    public String serviceTokenSha256() {
        return Sha256.hex(serviceToken);
    }

    /** {@code Authorization} header value for the admin: Basic. */
    public String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    public String writerAuthorization() {
        return "Bearer " + writerToken;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    @Override
    public String toString() {
        return "SuiteCredentials[adminUser=" + adminUser + ", secrets=****]";
    }
}
