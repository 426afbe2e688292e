package dev.ddb.coordinator.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.ddb.coordinator.DaemonThreads;

/**
 * This coordinator's part in the election, every heartbeat: follow the live leader; stand when the Bully rule says so
 * ({@link Election}) and, once a majority of the instances granted the term, start the leader's parts
 * ({@link LeaderEngine}); while leading, check each second that no instance holds a higher term. A leader that learns
 * of a higher term was deposed (it was suspended or cut off while another took over): it stops its appliers, and
 * with {@code restart-when-deposed} exits with {@value #DEPOSED_EXIT_STATUS} for its supervisor to start it afresh.
 *
 * <p>A suite of one coordinator claims at start and starts the leader's parts whether or not it won, as the suite's
 * only coordinator always did: its writes answer 503 NOT_LEADER until it claims a majority, its reads go on.
 */
public final class Campaign implements SmartLifecycle {

    /** EX_TEMPFAIL: the supervisor should start the coordinator again. */
    public static final int DEPOSED_EXIT_STATUS = 75;

    private static final Logger log = LoggerFactory.getLogger(Campaign.class);
    private static final Duration CLAIM_PATIENCE_ALONE = Duration.ofSeconds(5);
    /** How long a lower-ranked coordinator leaves the stand to a live higher one that does not claim. */
    private static final Duration STAND_PATIENCE = Duration.ofSeconds(3);
    private static final Duration CONFIRM_EVERY = Duration.ofMillis(500);
    /**
     * A leader whose heartbeats time out but who renewed its lease on an instance more recently than this is alive
     * (a busy machine answers slowly): nobody stands against it. Its renewals come every 500 ms.
     */
    private static final Duration LEASE = Duration.ofMillis(1200);

    private final Peers peers;
    private final Leadership leadership;
    private final PeerWatch watch;
    private final LeaderEngine engine;
    private final LeaderProperties properties;
    private final ScheduledExecutorService loop = DaemonThreads.scheduler("ddb-campaign");
    private volatile boolean running;
    private volatile boolean deposedHandled;
    private volatile String lastDecision = "";
    private final List<Consumer<String>> leaderChanges = new CopyOnWriteArrayList<>();
    private String lastLeader;
    private boolean led;
    private long leaderlessSince = System.nanoTime();
    private long lastConfirm;

    public Campaign(Peers peers, Leadership leadership, PeerWatch watch, LeaderEngine engine, LeaderProperties properties) {
        this.peers = peers;
        this.leadership = leadership;
        this.watch = watch;
        this.engine = engine;
        this.properties = properties;
    }

    @Override
    public void start() {
        watch.start();
        try {
            if (peers.alone()) {
                if (leadership.claim(CLAIM_PATIENCE_ALONE)) {
                    led = true;
                } else {
                    log.warn("{} starts without leading; writes answer 503 NOT_LEADER until it claims a majority",
                            peers.selfId());
                }
                engine.start();
            } else {
                listenBeforeStanding();
                stepQuietly();
                if (!engine.running()) {
                    engine.prepare();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.scheduleWithFixedDelay(this::stepQuietly, properties.heartbeatInterval().toMillis(),
                properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * A coordinator started beside a live leader follows it: before standing it hears the others for a peer timeout.
     * It also gives every coordinator of a higher rank that has not answered yet up to {@code startup-patience} to come
     * up: coordinators started together (./ddb up) would otherwise each stand before hearing the other, and the lower
     * one be deposed as soon as it led.
     */
    private void listenBeforeStanding() throws InterruptedException {
        long began = System.nanoTime();
        long least = began + properties.peerTimeout().toNanos();
        long most = began + properties.startupPatience().toNanos();
        int rank = peers.self().rank();
        while (watch.alive().stream().noneMatch(r -> r.report().leading())
                && (System.nanoTime() < least || (!watch.heardFromAllAbove(rank) && System.nanoTime() < most))) {
            Thread.sleep(20);
        }
    }

    private void stepQuietly() {
        try {
            step();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("the election step failed: {}", e.toString());
        }
    }

    /**
     * Tells {@code listener} the new leader's id (null: none known) each time it changes, so that what was on its way
     * to the old one can be answered at once.
     */
    public void onLeaderChange(Consumer<String> listener) {
        leaderChanges.add(listener);
    }

    private void noteLeader() {
        String leader = leader().map(Peers.Peer::id).orElse(null);
        if (!Objects.equals(leader, lastLeader)) {
            lastLeader = leader;
            leaderChanges.forEach(listener -> listener.accept(leader));
        }
    }

    private synchronized void step() throws InterruptedException {
        try {
            decide();
        } finally {
            noteLeader();
        }
    }

    private void decide() throws InterruptedException {
        if (led && !leadership.leading()) {
            deposed();
            return;
        }
        if (leadership.leading()) {
            if (!engine.running() && !deposedHandled) {
                // Won, but starting the leader's parts failed (an instance out of reach in the middle, say): again.
                engine.start();
            }
            Optional<Election.Ranked> higher = watch.alive().stream()
                    .filter(r -> r.report().leading() && r.report().term() > leadership.term()).findFirst();
            if (higher.isPresent()) {
                leadership.stepDown(higher.get().report().id() + " leads in term " + higher.get().report().term());
                deposed();
            } else if (System.nanoTime() - lastConfirm > CONFIRM_EVERY.toNanos()) {
                lastConfirm = System.nanoTime();
                // With other coordinators about, one cut off from most instances must stop: another takes over.
                if (!leadership.confirm(!peers.alone())) {
                    deposed();
                }
            }
            return;
        }
        Election.Decision decision = Election.decide(peers.self().rank(), !leadership.deposed(), false, watch.alive(),
                Duration.ofNanos(System.nanoTime() - leaderlessSince), STAND_PATIENCE);
        String described = describe(decision);
        if (!described.equals(lastDecision)) {
            log.info("{}: {}", peers.selfId(), described);
            lastDecision = described;
        }
        if (decision instanceof Election.Follow) {
            leaderlessSince = System.nanoTime();
        } else if (decision instanceof Election.Lead && leaseHeldBySilentLeader()) {
            return;
        } else if (decision instanceof Election.Lead && leadership.claim(Duration.ZERO, !engine.running())) {
            led = true;
            engine.start();
            // At once, not in a second: the instances that did not grant are claimed past what a dead leader left.
            lastConfirm = System.nanoTime() - CONFIRM_EVERY.toNanos() - 1;
        }
    }

    /** Whether a leader that no longer answers heartbeats still renews its lease on the instances: then it lives. */
    private boolean leaseHeldBySilentLeader() {
        Optional<CoordinatorReport> silent = watch.silentLeader();
        if (silent.isPresent() && leadership.renewedWithin(silent.get().id(), silent.get().term(), LEASE)) {
            String described = silent.get().id() + " does not answer heartbeats but renewed its lease within "
                    + LEASE.toMillis() + " ms: it lives, and is not stood against";
            if (!described.equals(lastDecision)) {
                log.info("{}: {}", peers.selfId(), described);
                lastDecision = described;
            }
            return true;
        }
        return false;
    }

    private static String describe(Election.Decision decision) {
        if (decision instanceof Election.Follow follow) {
            return "follows " + follow.leader().id() + " (term " + follow.leader().term() + ")";
        }
        if (decision instanceof Election.Wait wait) {
            return "waits for " + wait.forWhom() + " to stand";
        }
        return "stands for the leadership";
    }

    private void deposed() {
        if (deposedHandled) {
            return;
        }
        deposedHandled = true;
        if (properties.restartWhenDeposed()) {
            log.warn("{} was deposed ({}); it exits with status {} for its supervisor to start it again as a follower",
                    peers.selfId(), leadership.notLeadingBecause(), DEPOSED_EXIT_STATUS);
            Thread exit = new Thread(() -> System.exit(DEPOSED_EXIT_STATUS), "ddb-deposed-exit");
            exit.start();
        } else if (peers.alone()) {
            // No other coordinator it knows of to follow: it keeps answering, refusing writes with NOT_LEADER (its
            // appliers' and failovers' statements are refused by the instances, which hold the higher term).
            log.warn("{} was deposed ({}); it refuses writes from now on", peers.selfId(), leadership.notLeadingBecause());
        } else {
            log.warn("{} was deposed ({}); it stops its appliers and follows from now on", peers.selfId(),
                    leadership.notLeadingBecause());
            engine.halt();
        }
    }

    /** What this coordinator says of itself in heartbeats. */
    public CoordinatorReport report() {
        boolean leading = leadership.leading();
        return new CoordinatorReport(peers.selfId(), leading ? CoordinatorReport.LEADER : CoordinatorReport.FOLLOWER,
                leadership.term(), !leadership.deposed(), leading && engine.running(),
                leading ? engine.view() : null);
    }

    /** The coordinator to send writes to: this one while it leads, else the live leader of the highest term. */
    public Optional<Peers.Peer> leader() {
        if (leadership.leading()) {
            return Optional.of(peers.self());
        }
        return watch.alive().stream().map(Election.Ranked::report).filter(CoordinatorReport::leading)
                .max(Comparator.comparingLong(CoordinatorReport::term))
                .flatMap(r -> peers.find(r.id()));
    }

    /** Every coordinator: id, URL, role and whether it answers, for {@code /status}. */
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        Peers.Peer self = peers.self();
        members.add(new Member(self.id(), self.url() == null ? null : self.url().toString(),
                leadership.leading() ? CoordinatorReport.LEADER : CoordinatorReport.FOLLOWER, true));
        for (PeerWatch.Sighting sighting : watch.sightings()) {
            boolean leads = sighting.alive() && sighting.last() != null && sighting.last().leading();
            members.add(new Member(sighting.peer().id(), sighting.peer().url().toString(),
                    leads ? CoordinatorReport.LEADER : CoordinatorReport.FOLLOWER, sighting.alive()));
        }
        members.sort(Comparator.comparing(Member::id));
        return members;
    }

    /** One coordinator in {@code /status.coordinators}. */
    public record Member(String id, String url, String role, boolean alive) {
    }

    public Peers peers() {
        return peers;
    }

    @Override
    public void stop() {
        running = false;
        loop.shutdownNow();
        watch.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * After the public front opens: coordinators started together must hear each other's heartbeats while they listen
     * before standing, or each would stand alone. Until this coordinator's own election ends, writes sent to it answer
     * 503 NO_LEADER.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 256;
    }
}
