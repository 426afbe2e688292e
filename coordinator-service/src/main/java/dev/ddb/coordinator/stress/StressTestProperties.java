package dev.ddb.coordinator.stress;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code /admin/stress-test} endpoints' limits ({@code ddb.coordinator.stress-test.*}, defaults in
 * application.yml).
 *
 * @param maxOperations the most operations, or read-after-write trials, one request may ask for; a load runs
 *                      inside the coordinator, so an unbounded one could hold it for as long as a client liked
 * @param clients how many clients send the operations at once, each waiting for its answer before the next
 */
@ConfigurationProperties("ddb.coordinator.stress-test")
record StressTestProperties(int maxOperations, int clients) {

    StressTestProperties {
        if (maxOperations < 1) {
            throw new IllegalArgumentException("ddb.coordinator.stress-test.max-operations must be at least 1, got "
                    + maxOperations);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("ddb.coordinator.stress-test.clients must be at least 1, got " + clients);
        }
    }
}
