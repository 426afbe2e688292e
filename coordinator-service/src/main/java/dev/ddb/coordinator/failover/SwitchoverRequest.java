package dev.ddb.coordinator.failover;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /admin/switchover}: {@code {"new_leader": "instance-2"}}. */
record SwitchoverRequest(@JsonProperty("new_leader") String newLeader) {

    SwitchoverRequest {
        if (newLeader == null || newLeader.isBlank()) {
            throw new IllegalArgumentException("new_leader must name the instance to promote, such as \"instance-2\"");
        }
    }
}
