package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Samples every replica's lag (the master's last log timestamp minus the replica's applied timestamp, from the
 * coordinator's {@code GET /status}) and its Cabinet weight (from {@code GET /admin/current-quorum}) a few times a
 * second, on a thread of its own, until closed.
 */
final class LagSampler implements AutoCloseable {

    /**
     * @param second since the start of the run
     * @param lag in timestamps; timestamps have gaps, so this is an upper bound of the entries missing
     * @param weight Cabinet's weight of the instance, null while the coordinator uses the majority fallback
     */
    record Sample(double second, String instance, long lag, Long lagMs, String state, Double weight) {
    }

    private final SuiteClient coordinator;
    private final long origin;
    private final long intervalMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private int failedSamples;

    LagSampler(SuiteClient coordinator, long origin, long intervalMillis) {
        this.coordinator = coordinator;
        this.origin = origin;
        this.intervalMillis = intervalMillis;
        this.sampler = new Thread(this::sampleUntilClosed, "lag-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilClosed() {
        while (running) {
            try {
                sampleOnce();
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (samples) {
                    failedSamples++;
                }
            }
        }
    }

    private void sampleOnce() throws Exception {
        JsonNode status = coordinator.status();
        Map<String, Double> weights = new HashMap<>();
        JsonNode quorum = coordinator.currentQuorum();
        if ("cabinet".equals(quorum.path("source").asString(""))) {
            quorum.path("weights").properties().forEach(weight -> weights.put(weight.getKey(), weight.getValue().asDouble()));
        }
        double second = (System.nanoTime() - origin) / (double) TimeUnit.SECONDS.toNanos(1);
        long masterTs = status.path("master_last_ts").asLong();
        List<Sample> now = new ArrayList<>();
        for (JsonNode replica : status.path("current_replicas")) {
            String id = replica.path("id").asString();
            JsonNode lagMs = replica.path("lag_ms");
            now.add(new Sample(round(second), id, Math.max(0, masterTs - replica.path("applied_ts").asLong()),
                    lagMs.isNumber() ? lagMs.asLong() : null, replica.path("state").asString(""), weights.get(id)));
        }
        synchronized (samples) {
            samples.addAll(now);
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The newest sample of one instance, or null before its first. */
    Sample latest(String instance) {
        synchronized (samples) {
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).instance().equals(instance)) {
                    return samples.get(i);
                }
            }
            return null;
        }
    }

    int failedSamples() {
        synchronized (samples) {
            return failedSamples;
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double round(double second) {
        return Math.round(second * 100) / 100.0;
    }
}
