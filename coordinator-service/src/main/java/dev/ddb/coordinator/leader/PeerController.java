package dev.ddb.coordinator.leader;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The heartbeat the other coordinators ask for ({@link PeerWatch}); the service role or an admin may read it. */
@RestController
class PeerController {

    private final Campaign campaign;

    PeerController(Campaign campaign) {
        this.campaign = campaign;
    }

    @GetMapping(PeerWatch.PATH)
    CoordinatorReport report() {
        return campaign.report();
    }
}
