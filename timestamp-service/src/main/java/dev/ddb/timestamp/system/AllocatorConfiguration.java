package dev.ddb.timestamp.system;

import dev.ddb.timestamp.allocation.ReservationFile;
import dev.ddb.timestamp.allocation.ServerSlot;
import dev.ddb.timestamp.allocation.TimestampAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimestampProperties.class)
class AllocatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AllocatorConfiguration.class);

    @Bean
    TimestampAllocator timestampAllocator(TimestampProperties properties) {
        ServerSlot slot = properties.slot();
        ReservationFile reservationFile = new ReservationFile(properties.stateDir(), slot);
        TimestampAllocator allocator = TimestampAllocator.resume(slot, reservationFile, properties.reservationSize());
        String sequence = slot.firstAbove(0) + ", " + slot.advance(slot.firstAbove(0), 1) + ", "
                + slot.advance(slot.firstAbove(0), 2) + ", ...";
        if (allocator.resumedFrom().isPresent()) {
            log.info("{} is {} and issues {}; resuming above reserved bound {} read from {}, next value {}",
                    properties.serverId(), slot.describe(), sequence, allocator.resumedFrom().getAsLong(),
                    reservationFile.path(), slot.firstAbove(allocator.lastIssued()));
        } else {
            log.info("{} is {} and issues {}; no reservation file at {}, starting fresh with {}",
                    properties.serverId(), slot.describe(), sequence, reservationFile.path(), slot.firstAbove(0));
        }
        return allocator;
    }
}
