package dev.ddb.coordinator.sequencer;

import java.util.concurrent.CompletableFuture;

/** A write in the sequencer's queue and the answer its client waits for. */
record PendingWrite(WriteRequest request, CompletableFuture<WriteOutcome> result, long queuedAtNanos) {

    PendingWrite(WriteRequest request) {
        this(request, new CompletableFuture<>(), System.nanoTime());
    }

    boolean strong() {
        return request.consistency() == Consistency.STRONG;
    }

    void fail(RuntimeException failure) {
        result.completeExceptionally(failure);
    }
}
