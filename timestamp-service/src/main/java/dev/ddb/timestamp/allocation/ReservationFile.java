package dev.ddb.timestamp.allocation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The durable upper bound of what one server may have issued. Every value at or below the bound may have left the
 * server; none above it has. The file is replaced atomically (temporary file, fsync, rename, fsync of the directory),
 * so after a crash it holds either the old bound or the new one, never a torn mix.
 *
 * <p>Format, one {@code key=value} per line, the last line a CRC32C of the lines before it:
 * <pre>
 * server_index=1
 * server_count=2
 * reserved_bound=20001
 * crc32c=5f3c1a2b
 * </pre>
 */
public final class ReservationFile {

    private static final String INDEX_KEY = "server_index";
    private static final String COUNT_KEY = "server_count";
    private static final String BOUND_KEY = "reserved_bound";
    private static final String CRC_KEY = "crc32c";

    private final Path path;
    private final Path temporaryPath;
    private final ServerSlot slot;

    public ReservationFile(Path stateDirectory, ServerSlot slot) {
        Path directory = stateDirectory.toAbsolutePath().normalize();
        this.path = directory.resolve("timestamp-server-" + slot.index() + ".reservation");
        this.temporaryPath = directory.resolve("timestamp-server-" + slot.index() + ".reservation.tmp");
        this.slot = slot;
    }

    public Path path() {
        return path;
    }

    public Path directory() {
        return path.getParent();
    }

    /** The persisted bound, or empty when the file does not exist yet (a fresh server). */
    public OptionalLong readReservedBound() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new ReservationFileUnreadableException(path, "cannot be read: " + e, e);
        }
        return OptionalLong.of(parse(new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Makes {@code reservedBound} durable before returning; on failure the previous file stays in place. */
    public void persist(long reservedBound) {
        byte[] content = render(reservedBound).getBytes(StandardCharsets.UTF_8);
        try {
            createDirectoryDurably(directory());
            try (FileChannel channel = FileChannel.open(temporaryPath, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporaryPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(directory());
        } catch (IOException | RuntimeException e) {
            throw new ReservationNotPersistedException(
                    "could not persist reserved bound " + reservedBound + " to " + path + ": " + e, e);
        }
    }

    private static void createDirectoryDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        // A new directory entry is only durable once its parent is flushed too.
        Path parent = directory.getParent();
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private String render(long reservedBound) {
        String body = INDEX_KEY + "=" + slot.index() + "\n"
                + COUNT_KEY + "=" + slot.count() + "\n"
                + BOUND_KEY + "=" + reservedBound + "\n";
        return body + CRC_KEY + "=" + crc(body) + "\n";
    }

    private long parse(String content) {
        if (!content.endsWith("\n")) {
            throw corrupt("is truncated (no final newline)");
        }
        String[] lines = content.split("\n", -1);
        if (lines.length != 5) {
            int lineCount = lines.length - 1;
            throw corrupt("has " + lineCount + (lineCount == 1 ? " line" : " lines") + " where 4 are expected");
        }
        String body = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
        String storedCrc = valueOf(lines[3], CRC_KEY);
        if (!storedCrc.equals(crc(body))) {
            throw corrupt("fails its checksum (stored " + storedCrc + ", computed " + crc(body) + ")");
        }
        long index = number(lines[0], INDEX_KEY);
        long count = number(lines[1], COUNT_KEY);
        long bound = number(lines[2], BOUND_KEY);
        if (index != slot.index() || count != slot.count()) {
            throw new ReservationFileUnreadableException(path, "was written by server " + index + " of " + count
                    + ", but this server is configured as " + slot.describe()
                    + "; reusing it could issue a timestamp another server already issued", null);
        }
        if (bound < 0) {
            throw corrupt("holds a negative reserved bound " + bound);
        }
        return bound;
    }

    private long number(String line, String key) {
        String value = valueOf(line, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw corrupt("has a non-numeric " + key + " '" + value + "'");
        }
    }

    private String valueOf(String line, String key) {
        String prefix = key + "=";
        if (!line.startsWith(prefix)) {
            throw corrupt("has '" + line + "' where '" + prefix + "...' was expected");
        }
        return line.substring(prefix.length());
    }

    private ReservationFileUnreadableException corrupt(String problem) {
        return new ReservationFileUnreadableException(path, "is corrupt: it " + problem, null);
    }

    private static String crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
