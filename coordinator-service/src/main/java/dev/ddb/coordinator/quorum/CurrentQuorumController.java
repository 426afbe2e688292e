package dev.ddb.coordinator.quorum;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.topology.Topology;

/** {@code GET /admin/current-quorum}. */
@RestController
@Lazy
class CurrentQuorumController {

    private final CabinetWeights weights;
    private final Topology topology;

    CurrentQuorumController(CabinetWeights weights, Topology topology) {
        this.weights = weights;
        this.topology = topology;
    }

    @GetMapping("/admin/current-quorum")
    CurrentQuorumReport currentQuorum() {
        return CurrentQuorumReport.of(weights.choice(), topology.master().id(), weights.lastAttempt());
    }
}
