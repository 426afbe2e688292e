package dev.ddb.coordinator.failover;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /admin/topology}: who is master in which epoch, the replicas the coordinator applies the log to, and the
 * instances it does not (an old master waiting to rejoin), each with its promotion rule.
 */
record TopologyReport(
        Member master,
        long epoch,
        List<Member> replicas,
        List<Member> detached,
        @JsonProperty("failover_in_progress") boolean failoverInProgress,
        @JsonProperty("last_failover") FailoverRecord lastFailover) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Member(String id, String host, int port, @JsonProperty("promotion_rule") String promotionRule, String state,
            @JsonProperty("applied_ts") Long appliedTs) {
    }
}
