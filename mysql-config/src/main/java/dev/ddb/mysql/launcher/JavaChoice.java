package dev.ddb.mysql.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which JDK runs the services: {@code DDB_JAVA_HOME} when set, otherwise the newest from 17 on among
 * {@code JAVA_HOME}, the {@code java} on the {@code PATH}, the launcher's own and every JDK under the system's
 * JDK directories ({@code /usr/lib/jvm}). Newer is better here: a JDK from 25 on records an AOT cache that
 * makes the services fast from their start.
 *
 * @param found every usable JDK seen, newest first (only the chosen one when {@code DDB_JAVA_HOME} named it)
 */
record JavaChoice(JavaRuntime runtime, List<JavaRuntime> found, boolean named) {

    static final String OVERRIDE = "DDB_JAVA_HOME";
    static final List<Path> SYSTEM_JDK_DIRECTORIES = List.of(Path.of("/usr/lib/jvm"));

    static JavaChoice of(Map<String, String> env) {
        return of(env, Path.of(System.getProperty("java.home")), SYSTEM_JDK_DIRECTORIES);
    }

    static JavaChoice of(Map<String, String> env, Path ownHome, List<Path> jdkDirectories) {
        String override = env.getOrDefault(OVERRIDE, "").trim();
        if (!override.isEmpty()) {
            JavaRuntime named = JavaRuntime.at(Path.of(override))
                    .orElseThrow(() -> new IllegalArgumentException(OVERRIDE + "=" + override
                            + " is not a JDK (no bin/java and release file there)"));
            if (!named.runsTheServices()) {
                throw new IllegalArgumentException(OVERRIDE + " names " + named + "; the services need Java "
                        + JavaRuntime.OLDEST_FEATURE + " or newer");
            }
            return new JavaChoice(named, List.of(named), true);
        }
        List<Path> homes = new ArrayList<>();
        Optional.ofNullable(env.get("JAVA_HOME")).filter(home -> !home.isBlank()).map(Path::of).ifPresent(homes::add);
        onPath(env.getOrDefault("PATH", "")).ifPresent(homes::add);
        homes.add(ownHome);
        for (Path directory : jdkDirectories) {
            try (Stream<Path> children = Files.list(directory)) {
                children.sorted().forEach(homes::add);
            } catch (IOException notThere) {
                // A machine without this directory has its JDKs elsewhere.
            }
        }
        Map<Path, JavaRuntime> byRealHome = new LinkedHashMap<>();
        for (Path home : homes) {
            JavaRuntime.at(home).filter(JavaRuntime::runsTheServices)
                    .ifPresent(runtime -> byRealHome.putIfAbsent(realPath(home), runtime));
        }
        List<JavaRuntime> found = byRealHome.values().stream()
                .sorted(Comparator.comparing(JavaRuntime::version).reversed()).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no JDK " + JavaRuntime.OLDEST_FEATURE + " or newer found (JAVA_HOME, PATH, "
                    + jdkDirectories + "); set " + OVERRIDE);
        }
        return new JavaChoice(found.get(0), found, false);
    }

    /** The JDK home of the first {@code java} on this PATH ({@code bin/java} resolved through its links). */
    private static Optional<Path> onPath(String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path java = Path.of(directory, "java");
            if (Files.isExecutable(java)) {
                Path bin = realPath(java).getParent();
                return bin == null || bin.getParent() == null ? Optional.empty() : Optional.of(bin.getParent());
            }
        }
        return Optional.empty();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** One line for the user: which JDK, and why that one. */
    String describe() {
        if (named) {
            return "java: " + runtime + ", named by " + OVERRIDE;
        }
        return "java: " + runtime + (found.size() == 1 ? ", the only JDK found"
                : ", the newest of " + found.size() + " JDKs found (" + OVERRIDE + " names another)");
    }
}
