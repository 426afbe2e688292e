package dev.ddb.cabinet.api;

import java.util.List;

/**
 * Body of {@code POST /select-quorum}; both fields are optional.
 *
 * @param operation only {@code write}: Cabinet weighs the acknowledgements of writes
 * @param exclude   replicas to weigh as if they were down, for instance one the coordinator is about to stop
 */
record SelectQuorumRequest(String operation, List<String> exclude) {
}
