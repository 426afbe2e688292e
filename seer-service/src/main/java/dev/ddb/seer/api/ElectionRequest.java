package dev.ddb.seer.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /elect-leader}; {@code {}} or no body at all excludes nobody. */
public record ElectionRequest(@JsonProperty("exclude_replicas") List<String> excludeReplicas) {

    public ElectionRequest {
        if (excludeReplicas == null) {
            excludeReplicas = List.of();
        }
        for (String id : excludeReplicas) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("exclude_replicas must hold instance ids such as \"instance-3\","
                        + " got " + (id == null ? "null" : "\"" + id + "\""));
            }
        }
        excludeReplicas = List.copyOf(excludeReplicas);
    }

    Set<String> excluded() {
        return Set.copyOf(excludeReplicas);
    }
}
