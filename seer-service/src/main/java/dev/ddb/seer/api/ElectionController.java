package dev.ddb.seer.api;

import dev.ddb.seer.election.Election;
import dev.ddb.seer.election.LeaderElection;
import dev.ddb.seer.election.NoEligibleCandidateException;
import dev.ddb.seer.election.PromotionRules;
import dev.ddb.seer.metrics.MetricsReport;
import dev.ddb.seer.metrics.MetricsSource;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /elect-leader}: a SEER election over metrics-service's current view of every instance. */
@RestController
class ElectionController {

    private static final Logger log = LoggerFactory.getLogger(ElectionController.class);

    private final MetricsSource metrics;
    private final PromotionRules promotionRules;

    ElectionController(MetricsSource metrics, PromotionRules promotionRules) {
        this.metrics = metrics;
        this.promotionRules = promotionRules;
    }

    @PostMapping("/elect-leader")
    ElectionResponse electLeader(@RequestBody(required = false) ElectionRequest request) {
        Set<String> excluded = request == null ? Set.of() : request.excluded();
        MetricsReport report = metrics.fetch();
        Set<String> unmeasured = report.unmeasured();
        try {
            Election election = LeaderElection.elect(report.candidates(promotionRules), excluded);
            log.info("elected {} with score {} (excluded {}); candidates {}", election.leader().id(),
                    election.leader().score(), excluded, election.candidates());
            return ElectionResponse.of(election, unmeasured);
        } catch (NoEligibleCandidateException e) {
            log.warn("{}", e.getMessage());
            throw new NoLeaderElectedException(e.getMessage(), CandidateView.of(e.candidates(), unmeasured), e);
        }
    }
}
