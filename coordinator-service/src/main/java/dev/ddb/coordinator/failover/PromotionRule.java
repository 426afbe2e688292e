package dev.ddb.coordinator.failover;

/** The operator's say in an election, per instance, as seer-service reads it from the same setting. */
public enum PromotionRule {
    /** Elected before any neutral instance, whatever the scores. */
    PREFER,
    NEUTRAL,
    /** Never promoted, not even on request. */
    NEVER
}
