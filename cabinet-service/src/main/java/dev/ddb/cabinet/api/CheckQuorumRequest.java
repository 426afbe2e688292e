package dev.ddb.cabinet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /check-quorum}: the instances that acknowledged a write, the master included. */
record CheckQuorumRequest(@JsonProperty("acknowledged_by") List<String> acknowledgedBy) {
}
