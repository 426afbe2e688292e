package dev.ddb.coordinator.api;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /query}: one statement, or a list run as one transaction. */
@RestController
class QueryController {

    private final QueryExecution execution;

    QueryController(QueryExecution execution) {
        this.execution = execution;
    }

    @PostMapping("/query")
    QueryResponse query(@RequestBody QueryRequest request) {
        return execution.execute(request);
    }
}
