package dev.ddb.stress.runner;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * When a server died, seen from outside: a thread connects to its port every few milliseconds from before the kill
 * is asked for, until one is refused. The launcher that sends the SIGKILL is a JVM of
 * its own that takes seconds to start on a busy machine, so the moment it was asked is not the moment of the crash.
 */
final class KillMoment implements AutoCloseable {

    private static final long POLL_MILLIS = 10;
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final long GRACE_MILLIS = 1_000;

    private final String host;
    private final int port;
    private final Thread watcher;
    private final CountDownLatch died = new CountDownLatch(1);
    private volatile Death death;
    private volatile boolean closed;

    private KillMoment(String host, int port) {
        this.host = host;
        this.port = port;
        this.watcher = new Thread(this::watch, "kill-moment-" + port);
        this.watcher.setDaemon(true);
    }

    /** Starts watching {@code host:port}, which must be accepting connections now. */
    static KillMoment watch(String host, int port) {
        KillMoment moment = new KillMoment(host, port);
        moment.watcher.start();
        return moment;
    }

    private void watch() {
        long lastAccepted = System.nanoTime();
        while (!closed) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                lastAccepted = System.nanoTime();
            } catch (ConnectException refused) {
                death = new Death(lastAccepted, System.nanoTime());
                died.countDown();
                return;
            } catch (IOException slow) {
                // Not accepted in time (a full backlog on a busy machine): alive or not, a refusal will tell.
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Bounds of the moment of death, as {@link System#nanoTime()}: the server was alive when it last accepted a
     * connection, and dead when it refused one. Counting from {@code lastAccepted} overstates the time since the kill
     * by at most a poll (more when this thread waited for a core), never understates it; whatever was sent after
     * {@code refused} was surely sent after the kill.
     */
    record Death(long lastAccepted, long refused) {
    }

    /** The death, or empty if the port still accepted {@value #GRACE_MILLIS} ms after {@code killer} ended, or after {@code patienceMillis}. */
    Optional<Death> await(long patienceMillis, Future<?> killer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        while (System.nanoTime() < deadline) {
            if (died.await(50, TimeUnit.MILLISECONDS)) {
                return Optional.of(death);
            }
            if (killer.isDone()) {
                return died.await(GRACE_MILLIS, TimeUnit.MILLISECONDS) ? Optional.of(death) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
