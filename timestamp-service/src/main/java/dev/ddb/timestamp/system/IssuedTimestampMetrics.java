package dev.ddb.timestamp.system;

import dev.ddb.timestamp.allocation.TimestampAllocator;
import dev.ddb.timestamp.allocation.TimestampBlock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Prometheus sees these as {@code ddb_timestamps_issued_total}, {@code ddb_timestamp_reservation_failures_total},
 * {@code ddb_timestamp_last_issued} and {@code ddb_timestamp_reserved_bound}, each tagged {@code server_id}.
 */
@Component
public class IssuedTimestampMetrics {

    private final Counter issued;
    private final Counter reservationFailures;

    IssuedTimestampMetrics(MeterRegistry registry, TimestampAllocator allocator, TimestampProperties properties) {
        String serverId = properties.serverId();
        issued = Counter.builder("ddb.timestamps.issued")
                .description("Timestamps issued, counting every value of a block")
                .tag("server_id", serverId)
                .register(registry);
        reservationFailures = Counter.builder("ddb.timestamp.reservation.failures")
                .description("Requests refused because the reserved bound could not be persisted")
                .tag("server_id", serverId)
                .register(registry);
        Gauge.builder("ddb.timestamp.last.issued", allocator, TimestampAllocator::lastIssued)
                .description("Last timestamp issued, or the bound resumed from before the first")
                .tag("server_id", serverId)
                .strongReference(true)
                .register(registry);
        Gauge.builder("ddb.timestamp.reserved.bound", allocator, TimestampAllocator::reservedBound)
                .description("Highest timestamp covered by the persisted reservation")
                .tag("server_id", serverId)
                .strongReference(true)
                .register(registry);
    }

    public void recordIssued(TimestampBlock block) {
        issued.increment(block.count());
    }

    public void recordReservationFailure() {
        reservationFailures.increment();
    }
}
