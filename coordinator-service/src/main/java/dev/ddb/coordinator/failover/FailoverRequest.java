package dev.ddb.coordinator.failover;

/** The optional body of {@code POST /admin/failover} and {@code /admin/promote-leader}: {@code {"target": "instance-3"}}. */
record FailoverRequest(String target) {

    FailoverRequest {
        if (target != null && target.isBlank()) {
            throw new IllegalArgumentException("target must name an instance such as \"instance-3\", or be left out");
        }
    }
}
