package dev.ddb.coordinator.leader;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the coordinators of a suite find each other and elect their leader ({@code ddb.coordinator.leader.*}).
 *
 * @param coordinatorUrls every coordinator's base URL, comma-separated, in id order: the i-th belongs to
 *     {@code coordinator-i} ({@code DDB_COORDINATOR_URLS}); empty for a suite of one coordinator
 * @param heartbeatInterval how often a coordinator asks each other one how it is
 * @param peerTimeout a coordinator that has not answered for this long is taken for dead
 * @param startupPatience how long a starting coordinator waits for the coordinators of a higher rank to answer before it
 *     stands without them
 * @param restartWhenDeposed exit with status {@value Campaign#DEPOSED_EXIT_STATUS} once deposed, for a supervisor to
 *     start this coordinator again as a follower ({@code DDB_RESTART_WHEN_DEPOSED}); otherwise it stays, as a follower
 *     that never stands again
 */
@ConfigurationProperties("ddb.coordinator.leader")
public record LeaderProperties(String coordinatorUrls, Duration heartbeatInterval, Duration peerTimeout,
        Duration startupPatience, boolean restartWhenDeposed) {

    public LeaderProperties {
        heartbeatInterval = heartbeatInterval == null ? Duration.ofMillis(200) : heartbeatInterval;
        peerTimeout = peerTimeout == null ? Duration.ofMillis(800) : peerTimeout;
        startupPatience = startupPatience == null ? Duration.ofSeconds(10) : startupPatience;
        if (peerTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("ddb.coordinator.leader.peer-timeout (" + peerTimeout
                    + ") must be at least twice the heartbeat interval (" + heartbeatInterval + ")");
        }
    }
}
