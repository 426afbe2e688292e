package dev.ddb.seer.api;

import java.util.List;

/** No instance was eligible; carries the candidates as the answer shows them. */
class NoLeaderElectedException extends RuntimeException {

    private final transient List<CandidateView> candidates;

    NoLeaderElectedException(String message, List<CandidateView> candidates, Throwable cause) {
        super(message, cause);
        this.candidates = candidates;
    }

    List<CandidateView> candidates() {
        return candidates;
    }
}
