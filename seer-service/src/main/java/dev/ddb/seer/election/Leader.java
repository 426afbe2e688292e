package dev.ddb.seer.election;

/** The elected instance with the metrics it won on. */
public record Leader(String id, double score, double latencyMs, long uptimeSeconds, long replicationLag,
                     long crashCount) {
}
