package dev.ddb.coordinator.leader;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.DaemonThreads;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heartbeats: every interval, asks each other coordinator for its {@link CoordinatorReport} over a kept-alive
 * connection, with the service token. A coordinator is alive while its last answer is younger than the peer timeout,
 * and dead at once when its port refuses the connection (its process is gone).
 */
public final class PeerWatch implements AutoCloseable {

    public static final String PATH = "/internal/coordinator";

    private static final Logger log = LoggerFactory.getLogger(PeerWatch.class);

    private final Peers peers;
    private final Duration interval;
    private final Duration timeout;
    private final ServiceToken token;
    private final ObjectReader reports;
    private final HttpClient http;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lastAlive = new ConcurrentHashMap<>();
    /** The coordinators that answered a heartbeat at least once. */
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-peer-watch");

    private record Seen(CoordinatorReport report, long atNanos) {
    }

    /** One coordinator as this one sees it: alive or not, and what it said last (null: never answered). */
    public record Sighting(Peers.Peer peer, boolean alive, CoordinatorReport last) {
    }

    public PeerWatch(Peers peers, Duration interval, Duration timeout, ServiceToken token, JsonMapper json) {
        this.peers = peers;
        this.interval = interval;
        this.timeout = timeout;
        this.token = token;
        this.reports = json.readerFor(CoordinatorReport.class);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public void start() {
        if (!peers.others().isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        for (Peers.Peer peer : peers.others()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(peer.url() + PATH)).timeout(timeout).GET();
            token.authorization().ifPresent(value -> request.header("Authorization", value));
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, failure) -> {
                if (failure == null && answer.statusCode() == 200) {
                    try {
                        seen.put(peer.id(), new Seen(reports.readValue(answer.body()), System.nanoTime()));
                    } catch (RuntimeException e) {
                        log.warn("{} answered its heartbeat with something unreadable: {}", peer.id(), e.toString());
                    }
                } else if (failure == null) {
                    log.debug("{} answered its heartbeat with HTTP {}", peer.id(), answer.statusCode());
                } else if (refused(failure)) {
                    // Nothing listens on its port: the process is gone, which no timeout needs to confirm.
                    seen.remove(peer.id());
                }
                if (failure == null) {
                    heard.add(peer.id());
                }
                noteChange(peer);
            });
        }
    }

    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return false;
            }
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void noteChange(Peers.Peer peer) {
        boolean alive = alive(peer.id());
        Boolean before = lastAlive.put(peer.id(), alive);
        if (before == null ? alive : before != alive) {
            log.info("{} is {}", peer.id(), alive ? "alive" : "not answering (taken for dead)");
        }
    }

    /** Whether every other coordinator of a higher rank than this one has answered a heartbeat at least once. */
    public boolean heardFromAllAbove(int rank) {
        return peers.others().stream().filter(p -> p.rank() > rank).allMatch(p -> heard.contains(p.id()));
    }

    public boolean alive(String id) {
        if (id.equals(peers.selfId())) {
            return true;
        }
        Seen last = seen.get(id);
        return last != null && System.nanoTime() - last.atNanos() < timeout.toNanos();
    }

    /** The live other coordinators' last reports. */
    public List<Election.Ranked> alive() {
        List<Election.Ranked> alive = new ArrayList<>();
        for (Peers.Peer peer : peers.others()) {
            if (alive(peer.id())) {
                alive.add(new Election.Ranked(peer.rank(), seen.get(peer.id()).report()));
            }
        }
        return alive;
    }

    /** Every other coordinator, alive or not. */
    public List<Sighting> sightings() {
        List<Sighting> all = new ArrayList<>();
        for (Peers.Peer peer : peers.others()) {
            Seen last = seen.get(peer.id());
            all.add(new Sighting(peer, alive(peer.id()), last == null ? null : last.report()));
        }
        return all;
    }

    /**
     * A coordinator that led when it last answered and whose heartbeats now time out (one whose port refused is
     * forgotten at once): suspended, cut off, or only slow.
     */
    public Optional<CoordinatorReport> silentLeader() {
        return peers.others().stream().filter(p -> !alive(p.id())).map(p -> seen.get(p.id()))
                .filter(s -> s != null && s.report().leading()).map(Seen::report).findFirst();
    }

    public Peers peers() {
        return peers;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
