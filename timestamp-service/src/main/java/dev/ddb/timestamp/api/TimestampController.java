package dev.ddb.timestamp.api;

import dev.ddb.timestamp.allocation.ReservationNotPersistedException;
import dev.ddb.timestamp.allocation.TimestampAllocator;
import dev.ddb.timestamp.allocation.TimestampBlock;
import dev.ddb.timestamp.system.IssuedTimestampMetrics;
import dev.ddb.timestamp.system.TimestampProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /timestamp[?floor=F][&count=C]}. Parameters other than {@code floor} and {@code count} are ignored.
 * A floor more than {@code max-floor-advance} above the last value issued, and a count above {@value #MAX_COUNT},
 * are refused with 400.
 */
@RestController
class TimestampController {

    static final long MAX_COUNT = 10_000;

    private final TimestampAllocator allocator;
    private final IssuedTimestampMetrics metrics;
    private final String serverId;
    private final long maxFloorAdvance;

    TimestampController(TimestampAllocator allocator, IssuedTimestampMetrics metrics, TimestampProperties properties) {
        this.allocator = allocator;
        this.metrics = metrics;
        this.serverId = properties.serverId();
        this.maxFloorAdvance = properties.maxFloorAdvance();
    }

    @GetMapping("/timestamp")
    TimestampResponse timestamp(@RequestParam(required = false) Long floor,
                                @RequestParam(required = false) Long count) {
        if (floor != null && floor < 0) {
            throw new InvalidParameterException("parameter 'floor' must be 0 or more, got " + floor);
        }
        long lastIssued = allocator.lastIssued();
        if (floor != null && floor - lastIssued > maxFloorAdvance) {
            throw new InvalidParameterException("parameter 'floor' is " + floor + ", more than " + maxFloorAdvance
                    + " above the last timestamp this server issued (" + lastIssued + "); a floor that far ahead would"
                    + " use up the value space (TIMESTAMP_MAX_FLOOR_ADVANCE)");
        }
        if (count != null && (count < 1 || count > MAX_COUNT)) {
            throw new InvalidParameterException(
                    "parameter 'count' must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        TimestampBlock block;
        try {
            block = allocator.nextBlock(floor == null ? 0 : floor, count == null ? 1 : count.intValue());
        } catch (ReservationNotPersistedException e) {
            metrics.recordReservationFailure();
            throw e;
        }
        metrics.recordIssued(block);
        return count == null ? TimestampResponse.single(block, serverId) : TimestampResponse.block(block, serverId);
    }
}
