package dev.ddb.coordinator.quorum;

import java.time.Duration;

final class Durations {

    private Durations() {
    }

    static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 1s, got " + value);
        }
    }
}
