package dev.ddb.coordinator.quorum;

import java.time.Instant;

import dev.ddb.coordinator.sequencer.QuorumRule;

/**
 * The quorum rule STRONG writes use now and why.
 *
 * @param rule the rule itself: Cabinet's weights, or the majority of replicas
 * @param fallbackReason why the majority is used, null when Cabinet's weights are
 * @param lastAnswer the last answer cabinet-service gave, null before the first
 * @param answeredAt when that answer arrived, null before the first
 */
public record QuorumChoice(QuorumRule rule, String fallbackReason, CabinetAnswer lastAnswer, Instant answeredAt) {

    public boolean fromCabinet() {
        return fallbackReason == null;
    }

    /** {@code cabinet}, or {@code majority (fallback: <reason>)}. */
    public String source() {
        return fromCabinet() ? "cabinet" : "majority (fallback: " + fallbackReason + ")";
    }
}
