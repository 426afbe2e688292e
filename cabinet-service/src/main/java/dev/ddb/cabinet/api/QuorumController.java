package dev.ddb.cabinet.api;

import dev.ddb.cabinet.quorum.WeightedQuorum;
import dev.ddb.cabinet.weights.CurrentWeights;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /select-quorum}: Cabinet's weights for the cluster now. {@code POST /check-quorum}: whether a set of
 * acknowledgers would commit a write under those weights.
 */
@RestController
class QuorumController {

    private static final String WRITE = "write";

    private final CurrentWeights currentWeights;

    QuorumController(CurrentWeights currentWeights) {
        this.currentWeights = currentWeights;
    }

    /** A missing body means the same as {@code {}}. */
    @PostMapping("/select-quorum")
    SelectQuorumResponse selectQuorum(@RequestBody(required = false) SelectQuorumRequest request) {
        SelectQuorumRequest body = request == null ? new SelectQuorumRequest(null, null) : request;
        if (body.operation() != null && !WRITE.equalsIgnoreCase(body.operation())) {
            throw new InvalidRequestException("UNSUPPORTED_OPERATION", "operation '" + body.operation()
                    + "' is not supported: Cabinet weighs the acknowledgements of writes; send \"write\" or leave"
                    + " operation out");
        }
        return SelectQuorumResponse.of(currentWeights.weigh(instanceIds("exclude", body.exclude())));
    }

    @PostMapping("/check-quorum")
    CheckQuorumResponse checkQuorum(@RequestBody CheckQuorumRequest request) {
        if (request.acknowledgedBy() == null) {
            throw new InvalidRequestException("MISSING_FIELD", "acknowledged_by is required: the list of instances"
                    + " that acknowledged the write, the master included");
        }
        Set<String> acknowledgers = instanceIds("acknowledged_by", request.acknowledgedBy());
        WeightedQuorum quorum = currentWeights.weigh(Set.of());
        List<String> unknown = acknowledgers.stream().filter(id -> !quorum.weights().containsKey(id)).sorted().toList();
        return new CheckQuorumResponse(quorum.isSatisfiedBy(acknowledgers), quorum.weightOf(acknowledgers),
                quorum.threshold(), quorum.totalWeight(), unknown);
    }

    private static Set<String> instanceIds(String field, List<String> ids) {
        if (ids == null) {
            return Set.of();
        }
        if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("INVALID_FIELD", field + " must list instance ids such as"
                    + " \"instance-2\", but holds a null or blank entry: " + ids);
        }
        return new LinkedHashSet<>(ids);
    }
}
