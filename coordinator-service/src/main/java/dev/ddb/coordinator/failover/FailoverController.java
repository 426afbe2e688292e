package dev.ddb.coordinator.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * {@code POST /admin/failover}, {@code /admin/switchover}, {@code /admin/promote-leader}, {@code /admin/rejoin/{id}},
 * {@code /admin/restart-old-master} and {@code GET /admin/topology}.
 */
@RestController
@Lazy
class FailoverController {

    private final Failover failover;
    private final Rejoin rejoin;
    private final Topology topology;
    private final ReplicaSet replicas;

    FailoverController(Failover failover, Rejoin rejoin, Topology topology, ReplicaSet replicas) {
        this.failover = failover;
        this.rejoin = rejoin;
        this.topology = topology;
        this.replicas = replicas;
    }

    /** Brings a detached instance back as a replica; {@code discard_divergent} re-seeds one that holds divergent entries. */
    @PostMapping("/admin/rejoin/{id}")
    Map<String, Object> rejoin(@PathVariable String id, @RequestBody(required = false) RejoinRequest request) {
        return Map.of("success", true, "rejoin", rejoin.rejoin(id, request != null && request.discard()));
    }

    /** The seeds' name: rejoins the master that the last failover replaced. */
    @PostMapping("/admin/restart-old-master")
    Map<String, Object> restartOldMaster(@RequestBody(required = false) RejoinRequest request) {
        List<FailoverRecord> history = failover.history();
        if (history.isEmpty()) {
            throw new CoordinatorException(409, "NO_OLD_MASTER", "No failover happened since this coordinator started, so "
                    + "there is no old master to rejoin; use /admin/rejoin/{id} for a named instance.");
        }
        return rejoin(history.get(history.size() - 1).oldMaster(), request);
    }

    /** Replaces the master now, with the named target or the elected replica; the anti-flapping interval does not apply. */
    @PostMapping("/admin/failover")
    Map<String, Object> failover(@RequestBody(required = false) FailoverRequest request) {
        String target = request == null ? null : request.target();
        return answer(failover.onRequest("operator: POST /admin/failover" + (target == null ? "" : " to " + target), target));
    }

    /** A planned change of master to {@code new_leader}: writes pause, nothing is lost, the old master stays as a replica. */
    @PostMapping("/admin/switchover")
    Map<String, Object> switchover(@RequestBody SwitchoverRequest request) {
        return answer(failover.switchover(request.newLeader()));
    }

    /** The seeds' name for the same act: elect (or take the named target) and promote it now. */
    @PostMapping("/admin/promote-leader")
    Map<String, Object> promoteLeader(@RequestBody(required = false) FailoverRequest request) {
        String target = request == null ? null : request.target();
        return answer(failover.onRequest("operator: POST /admin/promote-leader" + (target == null ? "" : " of " + target),
                target));
    }

    @GetMapping("/admin/topology")
    TopologyReport topology() {
        InstanceAddress master = topology.master();
        Map<String, ApplierStatus> states = replicas.states();
        List<TopologyReport.Member> members = new ArrayList<>();
        List<TopologyReport.Member> detached = new ArrayList<>();
        for (InstanceAddress instance : topology.replicas()) {
            ApplierStatus status = states.get(instance.id());
            if (status == null) {
                detached.add(member(instance, null, null));
            } else {
                members.add(member(instance, status.state().name().toLowerCase(Locale.ROOT), status.appliedTs()));
            }
        }
        List<FailoverRecord> history = failover.history();
        return new TopologyReport(member(master, "master", null), topology.epoch(), members, detached,
                failover.inProgress(), history.isEmpty() ? null : history.get(history.size() - 1));
    }

    private TopologyReport.Member member(InstanceAddress instance, String state, Long appliedTs) {
        return new TopologyReport.Member(instance.id(), instance.host(), instance.port(),
                failover.rules().ruleFor(instance.id()).name().toLowerCase(Locale.ROOT), state, appliedTs);
    }

    private static Map<String, Object> answer(FailoverRecord record) {
        return Map.of("success", true, "failover", record);
    }
}
