package dev.ddb.seer.api;

import dev.ddb.seer.election.Candidate;
import java.util.List;
import java.util.Set;

/**
 * One instance in an election answer.
 *
 * @param score  null when metrics-service lacked some of the instance's numbers, which only happens to instances the
 *               election could not pick anyway
 * @param reason why it is not eligible, null when it is
 */
public record CandidateView(String id, Double score, boolean eligible, String reason) {

    static List<CandidateView> of(List<Candidate> candidates, Set<String> unmeasured) {
        return candidates.stream()
                .map(c -> new CandidateView(c.id(), unmeasured.contains(c.id()) ? null : c.score(), c.eligible(),
                        c.reason()))
                .toList();
    }
}
