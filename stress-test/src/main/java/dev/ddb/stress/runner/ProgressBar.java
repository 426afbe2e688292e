package dev.ddb.stress.runner;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A progress line on stderr, redrawn in place a few times a second on a terminal and printed every few seconds
 * otherwise (a log file gets lines, not carriage returns).
 */
final class ProgressBar implements AutoCloseable {

    /** What the bar shows: a fraction done (0..1) and a short text after the bar. */
    record State(double fraction, String text) {
    }

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final Supplier<State> state;
    private final boolean terminal;
    private final Thread painter;
    private volatile boolean running = true;

    ProgressBar(PrintWriter err, String label, Supplier<State> state, boolean terminal) {
        this.err = err;
        this.label = label;
        this.state = state;
        this.terminal = terminal;
        this.painter = new Thread(this::paintUntilClosed, "progress-" + label);
        painter.setDaemon(true);
        painter.start();
    }

    private void paintUntilClosed() {
        long interval = terminal ? 250 : 5_000;
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                paint(false);
            }
        }
    }

    private synchronized void paint(boolean last) {
        State now = state.get();
        double fraction = Math.max(0, Math.min(1, now.fraction()));
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "%-12s [%s%s] %3.0f%%  %s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), fraction * 100, now.text());
        if (terminal) {
            err.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void close() {
        running = false;
        painter.interrupt();
        try {
            painter.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint(true);
    }
}
