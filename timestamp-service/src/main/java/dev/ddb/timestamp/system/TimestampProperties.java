package dev.ddb.timestamp.system;

import dev.ddb.timestamp.allocation.ServerSlot;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which slot this server issues from and where it keeps its reservation. Defaults live in {@code application.yml}
 * and are overridden by {@code TIMESTAMP_SERVER_INDEX}, {@code TIMESTAMP_SERVER_COUNT}, {@code TIMESTAMP_SERVER_ID},
 * {@code TIMESTAMP_STATE_DIR} and {@code TIMESTAMP_RESERVATION_SIZE}.
 *
 * @param serverIndex     k, 1-based: this server issues k, k + N, k + 2N, ...
 * @param serverCount     N, the number of timestamp servers sharing the value space
 * @param serverId        the name reported in answers, metrics and health
 * @param stateDir        directory of the reservation file
 * @param reservationSize how many of its own values a server reserves ahead with each fsync
 * @param maxFloorAdvance how far above the last value it issued a request's floor may be
 *                        ({@code TIMESTAMP_MAX_FLOOR_ADVANCE}): a floor near the top of the value space would
 *                        make every later timestamp an overflow
 */
@ConfigurationProperties("ddb.timestamp")
public record TimestampProperties(int serverIndex, int serverCount, String serverId, Path stateDir,
                                  long reservationSize, long maxFloorAdvance) {

    public TimestampProperties {
        if (serverCount < 1) {
            throw new IllegalArgumentException(
                    "ddb.timestamp.server-count (TIMESTAMP_SERVER_COUNT) must be at least 1, got " + serverCount);
        }
        if (serverIndex < 1 || serverIndex > serverCount) {
            throw new IllegalArgumentException("ddb.timestamp.server-index (TIMESTAMP_SERVER_INDEX) must be between 1"
                    + " and the server count " + serverCount + " (TIMESTAMP_SERVER_COUNT), got " + serverIndex);
        }
        if (serverId == null || serverId.isBlank()) {
            throw new IllegalArgumentException("ddb.timestamp.server-id (TIMESTAMP_SERVER_ID) must not be blank");
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("ddb.timestamp.state-dir (TIMESTAMP_STATE_DIR) must be set");
        }
        if (reservationSize < 1) {
            throw new IllegalArgumentException("ddb.timestamp.reservation-size (TIMESTAMP_RESERVATION_SIZE)"
                    + " must be at least 1, got " + reservationSize);
        }
        if (maxFloorAdvance < 1) {
            throw new IllegalArgumentException("ddb.timestamp.max-floor-advance (TIMESTAMP_MAX_FLOOR_ADVANCE)"
                    + " must be at least 1, got " + maxFloorAdvance);
        }
    }

    public ServerSlot slot() {
        return new ServerSlot(serverIndex, serverCount);
    }
}
