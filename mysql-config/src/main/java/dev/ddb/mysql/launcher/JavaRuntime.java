package dev.ddb.mysql.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A JDK on this machine, as its {@code release} file describes it: where it lives, its version and who built it.
 * The services' bytecode is Java 17, so any JDK from 17 on runs them; from 25 on it can also record and use an
 * AOT cache (JEP 483, 514, 515: classes loaded and linked, method profiles), which {@link AotCache} does.
 */
record JavaRuntime(Path home, Runtime.Version version, String implementor) {

    static final int OLDEST_FEATURE = 17;
    /** The first release with {@code -XX:AOTCacheOutput}, which records and writes a cache in one run. */
    static final int FIRST_WITH_AOT_CACHE_OUTPUT = 25;

    /** The JDK installed in {@code home}, if it is one: a {@code bin/java} and a {@code release} file naming its version. */
    static Optional<JavaRuntime> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String version = unquoted(properties.getProperty("JAVA_RUNTIME_VERSION", properties.getProperty("JAVA_VERSION", "")));
        try {
            return Optional.of(new JavaRuntime(home.toAbsolutePath().normalize(), Runtime.Version.parse(version),
                    unquoted(properties.getProperty("IMPLEMENTOR", "unknown vendor"))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String unquoted(String value) {
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    int feature() {
        return version.feature();
    }

    boolean runsTheServices() {
        return feature() >= OLDEST_FEATURE;
    }

    boolean recordsAotCaches() {
        return feature() >= FIRST_WITH_AOT_CACHE_OUTPUT;
    }

    /** A file-name-safe tag that differs between JDK builds, so a cache made by one is never offered to another. */
    String cacheTag() {
        return (implementor + "-" + version).replaceAll("[^A-Za-z0-9.+_-]", "_");
    }

    @Override
    public String toString() {
        return implementor + " " + version + " (" + home + ")";
    }
}
