package dev.ddb.coordinator.verify;

import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.mysql.cluster.ReplicationMode;

/**
 * {@code POST /admin/verify}, {@code GET /admin/verify/{id}}, {@code GET|POST /admin/verify/background} and
 * {@code POST /admin/repair}.
 */
@RestController
@Lazy
class VerifyController {

    private final Verifications verifications;
    private final Repair repair;
    private final BackgroundVerifier background;
    private final boolean binlogMode;

    VerifyController(Verifications verifications, Repair repair, BackgroundVerifier background,
            CoordinatorProperties properties) {
        this.verifications = verifications;
        this.repair = repair;
        this.background = background;
        this.binlogMode = properties.mode() == ReplicationMode.BINLOG;
    }

    /**
     * The checks compare checksums that each instance computes when it replays the log's checksum write; a row-based
     * binary log would carry the master's result instead, so the binlog mode has no in-band verification yet.
     */
    private void requireTimestampLog() {
        if (binlogMode) {
            throw new CoordinatorException(409, "UNSUPPORTED_IN_BINLOG_MODE", "Verification and repair run through the"
                    + " timestamp log; this suite runs DDB_REPLICATION_MODE=binlog, whose row-based binary log would carry"
                    + " the master's checksums to the replicas instead of theirs. Nothing was started.");
        }
    }

    @PostMapping("/admin/verify")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> verify(@RequestBody(required = false) VerifyRequest request) {
        requireTimestampLog();
        String id = verifications.start(request == null ? null : request.tables());
        return Map.of("id", id, "state", "running");
    }

    @GetMapping("/admin/verify/background")
    BackgroundVerification background() {
        return background.state();
    }

    @PostMapping("/admin/verify/background")
    BackgroundVerification background(@RequestBody(required = false) BackgroundToggle toggle) {
        requireTimestampLog();
        if (toggle == null || toggle.enabled() == null) {
            throw new CoordinatorException(400, "MISSING_ENABLED", "Say whether the background verifier should run, as"
                    + " in {\"enabled\": false}.");
        }
        background.enable(toggle.enabled());
        return background.state();
    }

    @GetMapping("/admin/verify/{id}")
    VerificationReport verification(@PathVariable String id) {
        return verifications.report(id).orElseThrow(() -> new CoordinatorException(404, "UNKNOWN_VERIFICATION",
                "No verification has the id '" + id + "'; the coordinator keeps the last 100 since it started."));
    }

    @PostMapping("/admin/repair")
    RepairReport repair(@RequestBody(required = false) RepairRequest request) {
        requireTimestampLog();
        return repair.repair(request == null ? null : request.instance(), request == null ? null : request.table());
    }
}
