package dev.ddb.cabinet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * Answer of {@code POST /check-quorum}.
 *
 * @param satisfied   whether {@code weight} exceeds {@code threshold}
 * @param weight      the acknowledgers' summed weight
 * @param threshold   W/2
 * @param totalWeight W
 * @param unknown     acknowledgers that are not nodes of the cluster and so weigh nothing
 */
record CheckQuorumResponse(boolean satisfied, BigDecimal weight, BigDecimal threshold,
                           @JsonProperty("total_weight") BigDecimal totalWeight, List<String> unknown) {
}
