package dev.ddb.mysql.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class LogTail {

    private LogTail() {
    }

    static String lastLines(Path file, int count) {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    /** Prints what is appended to the file from now on, until the process is interrupted. */
    static void follow(Path file, PrintWriter out) throws IOException, InterruptedException {
        long position = Files.exists(file) ? Files.size(file) : 0;
        byte[] buffer = new byte[8192];
        while (true) {
            if (Files.exists(file) && Files.size(file) > position) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(position);
                    int read;
                    while ((read = raf.read(buffer)) > 0) {
                        out.print(new String(buffer, 0, read, StandardCharsets.UTF_8));
                        position += read;
                    }
                }
                out.flush();
            }
            Thread.sleep(300);
        }
    }
}
