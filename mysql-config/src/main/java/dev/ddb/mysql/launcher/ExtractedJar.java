package dev.ddb.mysql.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's jar unpacked as Spring Boot's {@code jarmode=tools extract} lays it out: the application's jar
 * beside a {@code lib/} of its dependencies. The JVM's AOT cache (and CDS) only works with that layout, and it
 * checks that the jars it was recorded with are the ones the service runs with, so the layout never changes once
 * made: its directory is named after the jar's content ({@code coordinator-service-0.1.0-SNAPSHOT-<digest>}), and a
 * rebuilt jar gets a directory of its own. That also keeps a rebuild ({@code ./mvnw package}) from disturbing a
 * running service, which loads its classes from these files for as long as it runs.
 */
record ExtractedJar(Path directory, Path applicationJar) {

    private static final int DIGEST_HEX_CHARACTERS = 16;
    private static final long EXTRACT_TIMEOUT_SECONDS = 120;

    /** The layout of {@code jar} under {@code jarsDirectory}, extracted with {@code runtime} the first time it is asked for. */
    static ExtractedJar of(Path jar, Path jarsDirectory, JavaRuntime runtime) throws IOException, InterruptedException {
        String fileName = jar.getFileName().toString();
        String stem = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        Path directory = jarsDirectory.resolve(stem + "-" + digest(jar));
        ExtractedJar extracted = new ExtractedJar(directory, directory.resolve(fileName));
        if (!Files.isRegularFile(extracted.applicationJar())) {
            extract(jar, directory, runtime);
            removeUnused(jarsDirectory, stem, directory);
        }
        return extracted;
    }

    /** Where the AOT cache recorded by {@code runtime} for this layout is kept. */
    Path aotCache(JavaRuntime runtime) {
        return directory.resolve(runtime.cacheTag() + ".aot");
    }

    /** Unpacks into a directory of its own, then renames it into place, so a half-made layout is never used. */
    private static void extract(Path jar, Path directory, JavaRuntime runtime) throws IOException, InterruptedException {
        Files.createDirectories(directory.getParent());
        Path scratch = Files.createTempDirectory(directory.getParent(), directory.getFileName() + ".extracting-");
        try {
            Path output = scratch.resolve("extract.out");
            Process extract = new ProcessBuilder(runtime.java().toString(), "-Djarmode=tools", "-jar", jar.toString(),
                    "extract", "--destination", scratch.resolve("layout").toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!extract.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                extract.destroyForcibly();
                throw new IllegalStateException("extracting " + jar + " took more than " + EXTRACT_TIMEOUT_SECONDS + " s");
            }
            if (extract.exitValue() != 0) {
                throw new IllegalStateException("extracting " + jar + " failed: " + Files.readString(output).strip());
            }
            try {
                Files.move(scratch.resolve("layout"), directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException madeMeanwhile) {
                // Another launcher extracted the same jar at the same time; its layout is as good as this one.
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** Layouts of earlier builds of the same jar that no running process uses any more. */
    private static void removeUnused(Path jarsDirectory, String stem, Path current) throws IOException {
        List<String> commandLines = ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse("")).toList();
        try (Stream<Path> layouts = Files.list(jarsDirectory)) {
            for (Path layout : layouts.filter(p -> p.getFileName().toString().matches(stem.replace(".", "\\.")
                    + "-[0-9a-f]{" + DIGEST_HEX_CHARACTERS + "}")).toList()) {
                if (!layout.equals(current) && commandLines.stream().noneMatch(line -> line.contains(layout.toString()))) {
                    deleteTree(layout);
                }
            }
        }
    }

    private static String digest(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, DIGEST_HEX_CHARACTERS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
