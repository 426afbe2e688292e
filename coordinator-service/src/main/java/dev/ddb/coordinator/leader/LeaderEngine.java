package dev.ddb.coordinator.leader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.read.ReadTargets;
import dev.ddb.coordinator.read.ReplicaView;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * The part of a coordinator that only the leader runs: the sequencer, the appliers, master failure detection,
 * failover, rejoin and the background verifier. Spring builds those lazily; {@link #start} builds them once this
 * coordinator won a term, the way a restarted coordinator always started (from the epochs and logs on the instances,
 * prepared batches committed, the acknowledged-writes bound read back). Until then the coordinator is a follower, and
 * what it needs of the leader's state (where the master is, how far each replica applied) it takes from the leader's
 * heartbeats.
 */
public final class LeaderEngine {

    private static final Logger log = LoggerFactory.getLogger(LeaderEngine.class);

    /** Built on start, in this order: the sequencer pulls in the bootstrap, topology, appliers and Cabinet's weights. */
    private static final List<String> STARTED = List.of("sequencer", "binlogWriter", "masterHeartbeat", "rejoinWatcher");
    /** Built once writes are taken: figures and checks that may read every table first. */
    private static final List<String> THEN = List.of("backgroundVerifier", "applyLatencyReporter", "coordinatorMeters",
            "tableTimestamps");
    /** Stopped when deposed: what would go on touching the instances. */
    private static final List<String> HALTED = List.of("masterHeartbeat", "seerInAdvance", "rejoinWatcher",
            "backgroundVerifier", "replicaSet");

    private static final String PACKAGE_PATH = "dev/ddb/coordinator/";
    private static final String LEADER_CLASSES = "classpath*:" + PACKAGE_PATH + "**/*.class";

    private final BeanFactory beans;
    private final ClusterTopology cluster;
    private final PeerWatch peers;
    private volatile boolean started;
    private volatile boolean halted;
    private WritePath writes;
    private Topology topology;
    private ReplicaSet replicas;
    private ReplicaLag lag;

    public LeaderEngine(BeanFactory beans, ClusterTopology cluster, PeerWatch peers) {
        this.beans = beans;
        this.cluster = cluster;
        this.peers = peers;
    }

    /** Builds and starts the leader's parts; once only. */
    public synchronized void start() {
        if (started) {
            return;
        }
        long began = System.nanoTime();
        for (String name : STARTED) {
            if (beans.containsBean(name)) {
                beans.getBean(name);
            }
        }
        topology = beans.getBean(Topology.class);
        replicas = beans.getBean(ReplicaSet.class);
        lag = beans.getBean(ReplicaLag.class);
        writes = beans.getBean(WritePath.class);
        started = true;
        log.info("the leader's sequencer, appliers and failure detection run (started in {} ms); master {} in epoch {}",
                (System.nanoTime() - began) / 1_000_000, topology.master().id(), topology.epoch());
        for (String name : THEN) {
            try {
                if (beans.containsBean(name)) {
                    beans.getBean(name);
                }
            } catch (RuntimeException e) {
                log.warn("{} did not start with the leader's parts: {}", name, e.toString());
            }
        }
    }

    /**
     * Loads the leader's classes in the background, on a follower, so that taking over does not wait for the class
     * loader (a third of a start's time here). Loaded, not initialized: nothing runs.
     */
    public void prepare() {
        Thread loader = new Thread(() -> {
            long began = System.nanoTime();
            int loaded = 0;
            ClassLoader classes = LeaderEngine.class.getClassLoader();
            try {
                for (Resource resource : new PathMatchingResourcePatternResolver(classes).getResources(LEADER_CLASSES)) {
                    String path = resource.getURL().toString();
                    int start = path.lastIndexOf(PACKAGE_PATH);
                    if (start >= 0 && path.endsWith(".class")) {
                        Class.forName(path.substring(start, path.length() - ".class".length()).replace('/', '.'), false, classes);
                        loaded++;
                    }
                }
                log.debug("loaded {} classes of the leader's parts in {} ms", loaded, (System.nanoTime() - began) / 1_000_000);
            } catch (IOException | ClassNotFoundException | LinkageError e) {
                log.debug("loading the leader's classes ahead stopped: {}", e.toString());
            }
        }, "ddb-leader-classes");
        loader.setDaemon(true);
        loader.setPriority(Thread.MIN_PRIORITY);
        loader.start();
    }

    /** Stops the appliers and the background work of a leader that was deposed; the sequencer refuses on its own. */
    public synchronized void halt() {
        if (!started || halted) {
            return;
        }
        halted = true;
        for (String name : HALTED) {
            if (beans.containsBean(name) && beans.getBean(name) instanceof AutoCloseable part) {
                try {
                    part.close();
                } catch (Exception e) {
                    log.warn("stopping {} failed: {}", name, e.toString());
                }
            }
        }
        log.info("the appliers and failure detection of the deposed leader stopped");
    }

    /** Whether this coordinator runs the leader's parts (and was not deposed since). */
    public boolean running() {
        return started && !halted;
    }

    /** Where writes go while this coordinator runs the leader's parts: the sequencer, or the binlog mode's writer. */
    public Optional<WritePath> writes() {
        return running() ? Optional.of(writes) : Optional.empty();
    }

    /** Where reads may go: from this leader's appliers, or from the leader's last heartbeat on a follower. */
    public ReadTargets readTargets() {
        if (running()) {
            List<ReplicaView> views = new ArrayList<>();
            replicas.states().forEach((id, status) -> views.add(new ReplicaView(id,
                    status.state() == ApplierState.LIVE, status.appliedTs(), lag.lagMillis(status.appliedTs()))));
            return new ReadTargets(topology.master().id(), views);
        }
        CoordinatorReport.View view = leaderView();
        return new ReadTargets(view.master(), view.replicas());
    }

    /** The master, as this leader or the leader's last heartbeat has it. */
    public InstanceAddress master() {
        if (running()) {
            return topology.master();
        }
        String id = leaderView().master();
        return cluster.find(id).orElseThrow(() -> new CoordinatorException(503, "NO_LEADER",
                "The leader names master '" + id + "', which this coordinator's DDB_INSTANCES does not list."));
    }

    /** The master's epoch: it moves on failover, and what was read of the master's schema with it. */
    public long epoch() {
        if (running()) {
            return topology.epoch();
        }
        Optional<CoordinatorReport.View> view = followedView();
        return view.map(CoordinatorReport.View::epoch).orElse(0L);
    }

    /** This leader's view, for its heartbeat answers; null unless it runs. */
    public CoordinatorReport.View view() {
        if (!running()) {
            return null;
        }
        return new CoordinatorReport.View(topology.master().id(), topology.epoch(), readTargets().replicas());
    }

    private CoordinatorReport.View leaderView() {
        return followedView().orElseThrow(() -> new CoordinatorException(503, "NO_LEADER",
                "No coordinator leads right now (an election is under way); retry in a moment."));
    }

    private Optional<CoordinatorReport.View> followedView() {
        return peers.alive().stream().map(Election.Ranked::report)
                .filter(r -> r.leading() && r.ready() && r.view() != null)
                .max(Comparator.comparingLong(CoordinatorReport::term))
                .map(CoordinatorReport::view);
    }
}
