package dev.ddb.coordinator.stress;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /admin/stress-test/data-count}: the stress rows on the master and on every replica.
 *
 * @param success false when an instance could not be counted
 * @param sameEverywhere every instance answered with the same count; right after an EVENTUAL load a replica may
 *                       still be catching up
 * @param unreachable the instances that could not be counted, with the reason; left out when empty
 */
record DataCountAnswer(
        boolean success,
        String table,
        String master,
        Map<String, Long> counts,
        @JsonProperty("same_everywhere") boolean sameEverywhere,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> unreachable) {
}
