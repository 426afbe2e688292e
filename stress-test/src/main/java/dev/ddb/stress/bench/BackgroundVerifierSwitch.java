package dev.ddb.stress.bench;

import dev.ddb.stress.client.CoordinatorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator's background verifier ({@code GET|POST /admin/verify/background}), paused and resumed by a
 * benchmark. {@link #close} leaves it as it was found, and so does the JVM's exit when it comes first (Ctrl-C):
 * a benchmark must not leave a production verifier paused.
 */
final class BackgroundVerifierSwitch implements AutoCloseable {

    static final String PATH = "/admin/verify/background";

    /**
     * {@code GET /admin/verify/background}.
     *
     * @param paceMs the pause between two chunks
     * @param chunkRows about how many rows one chunk covers
     */
    record State(boolean enabled, long paceMs, int chunkRows, long chunksChecked) {

        static State of(JsonNode body) {
            return new State(body.path("enabled").asBoolean(), body.path("pace_ms").asLong(),
                    body.path("chunk_rows").asInt(), body.path("chunks_checked").asLong());
        }
    }

    private final CoordinatorClient coordinator;
    private final State found;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread restoreOnExit;

    private BackgroundVerifierSwitch(CoordinatorClient coordinator, State found) {
        this.coordinator = coordinator;
        this.found = found;
        this.restoreOnExit = new Thread(this::restoreQuietly, "ddb-bench-verify-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /** Reads the verifier's state, to be restored on {@link #close}. */
    static BackgroundVerifierSwitch take(CoordinatorClient coordinator) throws IOException, InterruptedException {
        return new BackgroundVerifierSwitch(coordinator, state(coordinator));
    }

    /** The state before this switch touched it. */
    State found() {
        return found;
    }

    State state() throws IOException, InterruptedException {
        return state(coordinator);
    }

    void enable(boolean enabled) throws IOException, InterruptedException {
        byte[] body = ("{\"enabled\": " + enabled + "}").getBytes(StandardCharsets.UTF_8);
        CoordinatorClient.Answer answer = coordinator.post(PATH, body);
        if (answer.status() != 200 || answer.body() == null || answer.body().path("enabled").asBoolean() != enabled) {
            throw new IOException("the coordinator did not " + (enabled ? "resume" : "pause")
                    + " its background verifier: " + answer.errorKind() + ": " + answer.message());
        }
    }

    private static State state(CoordinatorClient coordinator) throws IOException, InterruptedException {
        CoordinatorClient.Answer answer = coordinator.get(PATH);
        if (answer.status() != 200 || answer.body() == null || !answer.body().has("enabled")) {
            throw new IOException("the coordinator did not show its background verifier (GET " + PATH + "): "
                    + answer.errorKind() + ": " + answer.message());
        }
        return State.of(answer.body());
    }

    /** Puts the verifier back as found. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running and does the same.
            return;
        }
        if (restored.compareAndSet(false, true)) {
            enable(found.enabled());
        }
    }

    private void restoreQuietly() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        try {
            enable(found.enabled());
        } catch (IOException e) {
            System.err.println("bench-verify: could not put the background verifier back to enabled="
                    + found.enabled() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
