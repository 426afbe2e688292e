package dev.ddb.coordinator.verify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Verification's settings ({@code ddb.coordinator.verify.*}), defaults in application.yml.
 *
 * @param background whether the background verifier walks the tables ({@code DDB_VERIFY_BACKGROUND})
 * @param chunkRows about how many rows one checksum entry covers ({@code DDB_VERIFY_CHUNK_ROWS})
 * @param pace the pause between two chunks of the background verifier ({@code DDB_VERIFY_PACE})
 * @param patience how long an instance may take to apply a checksum entry before it is reported unavailable for
 *     that chunk ({@code DDB_VERIFY_PATIENCE})
 */
@ConfigurationProperties("ddb.coordinator.verify")
public record VerifyProperties(boolean background, int chunkRows, Duration pace, Duration patience) {

    public VerifyProperties {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("ddb.coordinator.verify.chunk-rows must be at least 1, not " + chunkRows);
        }
    }
}
