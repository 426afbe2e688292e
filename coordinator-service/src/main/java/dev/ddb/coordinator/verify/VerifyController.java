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

import dev.ddb.coordinator.error.CoordinatorException;

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

    VerifyController(Verifications verifications, Repair repair, BackgroundVerifier background) {
        this.verifications = verifications;
        this.repair = repair;
        this.background = background;
    }

    @PostMapping("/admin/verify")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> verify(@RequestBody(required = false) VerifyRequest request) {
        String id = verifications.start(request == null ? null : request.tables());
        return Map.of("id", id, "state", "running");
    }

    @GetMapping("/admin/verify/background")
    BackgroundVerification background() {
        return background.state();
    }

    @PostMapping("/admin/verify/background")
    BackgroundVerification background(@RequestBody(required = false) BackgroundToggle toggle) {
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
        return repair.repair(request == null ? null : request.instance(), request == null ? null : request.table());
    }
}
