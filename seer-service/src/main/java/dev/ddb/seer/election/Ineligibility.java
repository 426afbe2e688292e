package dev.ddb.seer.election;

/** Why a candidate cannot be elected, most decisive first: a candidate reports only the first that applies. */
public enum Ineligibility {
    FAILED_MASTER("failed master"),
    EXCLUDED("excluded"),
    UNHEALTHY("unhealthy"),
    PROMOTION_RULE_NEVER("promotion rule is never");

    private final String reason;

    Ineligibility(String reason) {
        this.reason = reason;
    }

    /** The sentence fragment the election answer carries. */
    public String reason() {
        return reason;
    }
}
