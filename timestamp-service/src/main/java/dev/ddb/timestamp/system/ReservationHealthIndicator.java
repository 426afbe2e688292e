package dev.ddb.timestamp.system;

import dev.ddb.timestamp.allocation.TimestampAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows up as {@code reservation} in {@code /actuator/health}: DOWN when the state directory is not writable, so the
 * next reservation, and with it every timestamp beyond the reserved bound, would fail.
 */
@Component("reservation")
class ReservationHealthIndicator implements HealthIndicator {

    private final TimestampAllocator allocator;
    private final TimestampProperties properties;

    ReservationHealthIndicator(TimestampAllocator allocator, TimestampProperties properties) {
        this.allocator = allocator;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Path directory = allocator.reservationFile().directory();
        boolean writable = Files.isWritable(nearestExisting(directory));
        return (writable ? Health.up() : Health.down())
                .withDetail("server_id", properties.serverId())
                .withDetail("server", allocator.slot().describe())
                .withDetail("file", allocator.reservationFile().path().toString())
                .withDetail("state_dir_writable", writable)
                .withDetail("last_issued", allocator.lastIssued())
                .withDetail("reserved_bound", allocator.reservedBound())
                .build();
    }

    /** Before the first reservation the state directory may not exist yet; it is created under this one. */
    private static Path nearestExisting(Path directory) {
        Path candidate = directory;
        while (candidate.getParent() != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate;
    }
}
