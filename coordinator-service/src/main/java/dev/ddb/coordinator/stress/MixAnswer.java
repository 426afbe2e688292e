package dev.ddb.coordinator.stress;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code POST /admin/stress-test/read-write-mix}.
 *
 * @param reads reads that succeeded, seven in ten operations
 * @param writes writes that succeeded, three in ten operations
 */
record MixAnswer(boolean success, String test, String message, @JsonUnwrapped LoadFigures figures, long reads,
        long writes) {
}
