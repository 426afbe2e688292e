package dev.ddb.coordinator.failover;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optional body of {@code POST /admin/rejoin/{id}} and {@code /admin/restart-old-master}; {@code {}} discards nothing. */
record RejoinRequest(@JsonProperty("discard_divergent") Boolean discardDivergent) {

    boolean discard() {
        return Boolean.TRUE.equals(discardDivergent);
    }
}
