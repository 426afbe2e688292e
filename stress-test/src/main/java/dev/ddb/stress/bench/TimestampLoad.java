package dev.ddb.stress.bench;

import dev.ddb.stress.client.JsonHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Closed-loop load on {@code GET /timestamp}: each thread sends its next request as soon as the previous one is
 * answered, going round the servers in turn. Only the measured window counts towards rates and latencies;
 * out-of-order answers (a server answering a value not above its previous answer to the same thread) count always,
 * because they are a correctness failure, not a performance figure.
 */
final class TimestampLoad {

    /** Longest latency the histogram resolves; anything slower is recorded as this. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

    record Result(long requests, long timestamps, long errors, long outOfOrder, String firstError,
                  Histogram latencyMicros, Duration measured) {

        double requestsPerSecond() {
            return requests / seconds();
        }

        double timestampsPerSecond() {
            return timestamps / seconds();
        }

        private double seconds() {
            return measured.toNanos() / 1e9;
        }
    }

    private final JsonHttpClient http;
    private final List<URI> requests;
    private final int threads;
    private final int blockSize;

    /** @param blockSize 0 asks for single values, anything else for blocks of that many values */
    TimestampLoad(JsonHttpClient http, List<URI> servers, int threads, int blockSize) {
        this.http = http;
        this.threads = threads;
        this.blockSize = blockSize;
        String path = blockSize == 0 ? "/timestamp" : "/timestamp?count=" + blockSize;
        this.requests = servers.stream()
                .map(server -> URI.create(stripSlash(server.toString()) + path))
                .toList();
    }

    Result run(Duration warmup, Duration duration) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Tally>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int firstServer = t % requests.size();
            futures.add(pool.submit(() -> drive(firstServer, measureFrom, end)));
        }
        Tally total = new Tally();
        try {
            for (Future<Tally> future : futures) {
                total.add(future.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(total.requests, total.timestamps, total.errors, total.outOfOrder, total.firstError,
                total.latencies, duration);
    }

    private Tally drive(int firstServer, long measureFrom, long end) {
        Tally tally = new Tally();
        long[] lastAnswered = new long[requests.size()];
        int server = firstServer;
        long start;
        while ((start = System.nanoTime()) < end) {
            boolean measured = start >= measureFrom;
            URI request = requests.get(server);
            try {
                JsonHttpClient.Reply response = http.get(request);
                long micros = (System.nanoTime() - start) / 1_000;
                if (response.status() != 200 || response.body() == null) {
                    tally.error(measured, request + " answered " + response.status() + ": " + response.text());
                } else {
                    JsonNode body = response.body();
                    long first = body.required("timestamp").asLong();
                    long last = blockSize == 0 ? first : body.required("last").asLong();
                    if (first <= lastAnswered[server]) {
                        tally.outOfOrder++;
                    }
                    lastAnswered[server] = last;
                    if (measured) {
                        tally.requests++;
                        tally.timestamps += blockSize == 0 ? 1 : body.required("count").asLong();
                        tally.latencies.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
                    }
                }
            } catch (IOException | JacksonException e) {
                tally.error(measured, request + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tally;
            }
            server = (server + 1) % requests.size();
        }
        return tally;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static final class Tally {
        long requests;
        long timestamps;
        long errors;
        long outOfOrder;
        String firstError;
        final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);

        void error(boolean measured, String description) {
            if (measured) {
                errors++;
            }
            if (firstError == null) {
                firstError = description;
            }
        }

        void add(Tally other) {
            requests += other.requests;
            timestamps += other.timestamps;
            errors += other.errors;
            outOfOrder += other.outOfOrder;
            if (firstError == null) {
                firstError = other.firstError;
            }
            latencies.add(other.latencies);
        }
    }
}
