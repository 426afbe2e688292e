package dev.ddb.coordinator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for the coordinator's background work (heartbeats, polls, reports): daemons, so a stuck one never
 * keeps the JVM alive, and named, so a thread dump says what each is doing.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads that all carry {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A scheduler with one daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}
