package dev.ddb.seer.election;

/** An operator's standing instruction about promoting an instance to master. */
public enum PromotionRule {
    /** Elected ahead of every neutral candidate, whatever the scores. */
    PREFER,
    /** Elected on score alone. */
    NEUTRAL,
    /** Never elected. */
    NEVER
}
