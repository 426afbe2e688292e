package dev.ddb.seer.election;

import java.util.List;
import java.util.stream.Collectors;

/** No instance may be promoted; carries every candidate with the reason it was passed over. */
public class NoEligibleCandidateException extends RuntimeException {

    private final transient List<Candidate> candidates;

    public NoEligibleCandidateException(List<Candidate> candidates) {
        super(describe(candidates));
        this.candidates = List.copyOf(candidates);
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    private static String describe(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "no candidate to elect: the election was given no instances";
        }
        return "no eligible candidate to elect: " + candidates.stream()
                .map(c -> c.id() + " (" + c.reason() + ")")
                .collect(Collectors.joining(", "));
    }
}
