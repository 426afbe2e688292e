package dev.ddb.seer.election;

/**
 * One instance as the election saw it.
 *
 * @param reason why it is not eligible ({@link Ineligibility#reason()}), or {@code null} when it is
 */
public record Candidate(String id, double score, boolean eligible, String reason) {
}
