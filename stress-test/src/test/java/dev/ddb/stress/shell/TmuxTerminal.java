package dev.ddb.stress.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pseudo-terminal a person would type into: a detached tmux session on a server of its own (so the developer's
 * tmux is never touched), keys sent with {@code send-keys}, the screen read with {@code capture-pane}. The pane
 * stays after its program ends, so the last screen and the exit status can still be read.
 */
final class TmuxTerminal implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SESSION = "shell";
    private static final Pattern EXIT_STATUS = Pattern.compile("(?m)^\\[exited (\\d+)\\]$");

    private final Path socket = Path.of(System.getProperty("java.io.tmpdir"), "ddb-shell-test-" + UUID.randomUUID());

    private TmuxTerminal() {
    }

    /** Skips the calling test (an assumption) when tmux is not installed. */
    static TmuxTerminal run(String shellCommand) throws IOException, InterruptedException {
        assumeTrue(tmuxInstalled(), "tmux is not installed (apt-get install tmux)");
        TmuxTerminal terminal = new TmuxTerminal();
        // remain-on-exit must be set before the program can end, so the pane starts idle and is then respawned with it.
        terminal.tmux("new-session", "-d", "-s", SESSION, "-x", "220", "-y", "60", "cat");
        terminal.tmux("set-option", "-t", SESSION, "remain-on-exit", "on");
        // tmux's own #{pane_dead_status} stays empty for some programs, so the pane's shell prints the status.
        terminal.tmux("respawn-pane", "-k", "-t", SESSION, shellCommand + "; echo \"[exited $?]\"");
        return terminal;
    }

    /** Types the text literally, then presses Enter. */
    void typeLine(String text) throws IOException, InterruptedException {
        type(text);
        press("Enter");
    }

    /** Sent as bytes in hex: tmux would read a word ending in {@code ;} as the end of its command. */
    void type(String text) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION, "-H"));
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            args.add(String.format("%02x", b));
        }
        tmux(args.toArray(String[]::new));
    }

    /** Keys by tmux's names: Enter, Up, BSpace, C-d ... */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Everything the pane shows and has scrolled away, wrapped lines joined, trailing blank lines dropped. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION).stripTrailing();
    }

    /** Waits until the screen shows what the predicate wants and returns that screen; fails showing the last one. */
    String await(String what, Predicate<String> shown) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        String screen = screen();
        while (!shown.test(screen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            screen = screen();
        }
        assertThat(shown.test(screen)).as("%s; the screen was:%n%s", what, screen).isTrue();
        return screen;
    }

    /** The exit status once the program has ended, as the pane's shell printed it. */
    int awaitExitStatus() throws IOException, InterruptedException {
        String screen = await("the program ended", text -> EXIT_STATUS.matcher(text).find());
        Matcher status = EXIT_STATUS.matcher(screen);
        assertThat(status.find()).isTrue();
        return Integer.parseInt(status.group(1));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
        Files.deleteIfExists(socket);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("tmux-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tmux " + String.join(" ", args) + " did not return");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 && !args[0].equals("kill-server")) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean tmuxInstalled() {
        try {
            Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
