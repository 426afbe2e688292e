package dev.ddb.seer.election;

import java.util.List;

/**
 * The outcome of one election.
 *
 * @param candidates every instance: the eligible ones in the order they would be elected (the
 *                   leader first), then the ineligible ones by id
 */
public record Election(Leader leader, List<Candidate> candidates) {

    public Election {
        candidates = List.copyOf(candidates);
    }
}
