package dev.ddb.stress.load;

/**
 * One client of a closed loop, used by one thread only: it performs one operation per call and is closed when
 * the loop ends. Failures are answered as {@link Outcome}s, not thrown, so they can be counted by kind.
 */
public interface LoadClient extends AutoCloseable {

    /** @param sequence 0, 1, 2, ... for this client, so each operation can carry a key of its own */
    Outcome perform(long sequence) throws InterruptedException;

    @Override
    void close();
}
