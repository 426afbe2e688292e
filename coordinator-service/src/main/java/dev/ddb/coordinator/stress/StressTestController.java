package dev.ddb.coordinator.stress;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.error.CoordinatorException;

/**
 * The seed's {@code /admin/stress-test/*} endpoints. A load runs inside the coordinator while the request waits,
 * so its size is bounded by {@code ddb.coordinator.stress-test.max-operations}.
 */
@RestController
@Lazy
@RequestMapping("/admin/stress-test")
class StressTestController {

    private static final int DEFAULT_OPERATIONS = 100;
    private static final int DEFAULT_TRIALS = 20;

    private final StressTests tests;
    private final int maxOperations;

    StressTestController(StressTests tests, StressTestProperties properties) {
        this.tests = tests;
        this.maxOperations = properties.maxOperations();
    }

    @PostMapping("/concurrent-writes")
    WriteLoadAnswer concurrentWrites(@RequestBody(required = false) StressRequest request) {
        StressRequest given = request == null ? new StressRequest(null, null) : request;
        return tests.concurrentWrites(size("num_operations", given.numOperations(), DEFAULT_OPERATIONS),
                QueryExecution.consistencyOf(given.consistency()));
    }

    @PostMapping("/read-write-mix")
    MixAnswer readWriteMix(@RequestBody(required = false) StressRequest request) {
        StressRequest given = request == null ? new StressRequest(null, null) : request;
        return tests.readWriteMix(size("num_operations", given.numOperations(), DEFAULT_OPERATIONS),
                QueryExecution.consistencyOf(given.consistency()));
    }

    @PostMapping("/consistency-comparison")
    ComparisonAnswer consistencyComparison(@RequestParam(name = "num_operations", required = false) Integer operations) {
        return tests.consistencyComparison(size("num_operations", operations, DEFAULT_OPERATIONS));
    }

    @GetMapping("/data-count")
    DataCountAnswer dataCount() {
        return tests.dataCount();
    }

    @PostMapping("/read-after-write")
    ReadAfterWriteAnswer readAfterWrite(@RequestParam(name = "num_trials", required = false) Integer trials) {
        return tests.readAfterWrite(size("num_trials", trials, DEFAULT_TRIALS));
    }

    private int size(String name, Integer given, int fallback) {
        int size = given == null ? fallback : given;
        if (size < 1 || size > maxOperations) {
            throw new CoordinatorException(400, "SIZE_OUT_OF_RANGE", "'" + name + "' must be between 1 and "
                    + maxOperations + " (ddb.coordinator.stress-test.max-operations), got " + size + "; nothing was run.");
        }
        return size;
    }
}
