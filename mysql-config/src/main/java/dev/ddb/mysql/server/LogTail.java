package dev.ddb.mysql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's log files, quoted in exceptions so a failed start explains itself. */
final class LogTail {

    private static final int LINES = 20;

    private LogTail() {
    }

    static String of(Path... files) {
        StringBuilder tail = new StringBuilder();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines = readLines(file);
            if (lines.isEmpty()) {
                continue;
            }
            tail.append(System.lineSeparator()).append("--- last lines of ").append(file).append(" ---");
            for (String line : lines.subList(Math.max(0, lines.size() - LINES), lines.size())) {
                tail.append(System.lineSeparator()).append(line);
            }
        }
        return tail.isEmpty() ? " (no log output)" : tail.toString();
    }

    private static List<String> readLines(Path file) {
        try {
            return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R"));
        } catch (IOException e) {
            return List.of("(cannot read: " + e.getMessage() + ")");
        }
    }
}
