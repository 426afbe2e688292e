package dev.ddb.coordinator.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.leader.Peers;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A follower's writes go to the leader: the client's {@code POST /query} body, sent on with the service token (this
 * coordinator checked the client's role already) over {@link LeaderConnections} of the event loop that read it, and
 * the leader's answer passed back as it came, errors included. When the leader dies while a write is on its way, the write may or may not have
 * committed, and the answer says exactly that (503 LEADER_CHANGED); the next write goes to whoever leads then.
 */
public final class LeaderForwarding {

    private final Campaign campaign;
    private final ServiceToken token;
    private final Duration timeout;
    private final Map<EventLoop, LeaderConnections> connections = new ConcurrentHashMap<>();
    /** For callers not on an event loop (the seed API's, on the application's threads); made when first needed. */
    private volatile EventLoopGroup ownLoops;
    private final ObjectWriter requests;
    private final ObjectReader answers;
    private final ObjectReader errors;
    /** Writes on their way to a leader, with its id: answered at once when it stops leading. */
    private final Map<CompletableFuture<QueryResponse>, String> inFlight = new ConcurrentHashMap<>();

    public LeaderForwarding(Campaign campaign, ServiceToken token, Duration timeout, JsonMapper json) {
        this.campaign = campaign;
        campaign.onLeaderChange(this::leaderChanged);
        this.token = token;
        this.timeout = timeout;
        this.requests = json.writerFor(QueryRequest.class);
        this.answers = json.readerFor(QueryResponse.class);
        this.errors = json.readerFor(ErrorResponse.class);
    }

    /** The leader's base URL when another coordinator leads; empty while this one leads or none does. */
    public Optional<URI> leaderUrl() {
        return campaign.leader().filter(p -> !p.id().equals(campaign.peers().selfId())).map(Peers.Peer::url);
    }

    /**
     * Sends the request to the leader and answers with what it answered: from {@code caller} and on it when it is an
     * event loop (the front's), else from a loop of this object's own.
     */
    public CompletableFuture<QueryResponse> forward(QueryRequest request, Executor caller) {
        EventLoop loop = caller instanceof EventLoop callers ? callers : ownLoop();
        Optional<Peers.Peer> leader = campaign.leader();
        if (leader.isEmpty()) {
            return CompletableFuture.failedFuture(noLeader());
        }
        if (leader.get().id().equals(campaign.peers().selfId())) {
            return CompletableFuture.failedFuture(new CoordinatorException(503, "NO_LEADER", campaign.peers().selfId()
                    + " has just won the leadership and is starting its sequencer; nothing was run. Retry in a moment."));
        }
        Peers.Peer to = leader.get();
        byte[] body = requests.writeValueAsBytes(request);
        String authorization = token.authorization().orElse(null);
        CompletableFuture<QueryResponse> answer = new CompletableFuture<>();
        inFlight.put(answer, to.id());
        Runnable send = () -> connections.computeIfAbsent(loop, l -> new LeaderConnections(l, timeout))
                .post(to.url(), EndpointAccess.QUERY_PATH, body, authorization).whenComplete((response, failure) -> {
                    inFlight.remove(answer);
                    try {
                        answer.complete(answer(to, response, failure));
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
        if (loop.inEventLoop()) {
            send.run();
        } else {
            loop.execute(send);
        }
        return answer;
    }

    private EventLoop ownLoop() {
        EventLoopGroup group = ownLoops;
        if (group == null) {
            synchronized (this) {
                if (ownLoops == null) {
                    ownLoops = LeaderConnections.loops(1, "ddb-forward");
                }
                group = ownLoops;
            }
        }
        return group.next();
    }

    /** The writes still with a coordinator that no longer leads get their honest answer now, not at the timeout. */
    private void leaderChanged(String leader) {
        inFlight.forEach((answer, to) -> {
            if (!to.equals(leader) && answer.completeExceptionally(new CoordinatorException(503, "LEADER_CHANGED",
                    "The leader " + to + " stopped leading while this write was with it"
                            + (leader == null ? "" : " (" + leader + " leads now)") + "; it may or may not have"
                            + " committed. Check /transactions, or retry it if it is idempotent."))) {
                inFlight.remove(answer);
            }
        });
    }

    private QueryResponse answer(Peers.Peer leader, LeaderConnections.Answer answer, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof LeaderConnections.NotSent) {
                throw new CoordinatorException(503, "NO_LEADER", "The leader " + leader.id() + " did not take the"
                        + " connection; nothing was run. An election follows if it is down; retry in a moment.");
            }
            throw new CoordinatorException(503, "LEADER_CHANGED", "The leader " + leader.id() + " stopped answering while"
                    + " this write was with it (" + cause.getMessage() + "); it may or may not have committed. Check"
                    + " /transactions, or retry it if it is idempotent.", List.of(), cause);
        }
        if (answer.status() == 200) {
            return answers.readValue(answer.body());
        }
        ErrorResponse error;
        try {
            error = errors.readValue(answer.body());
        } catch (RuntimeException unreadable) {
            throw new CoordinatorException(502, "LEADER_ANSWER_UNREADABLE", "The leader " + leader.id() + " answered HTTP "
                    + answer.status() + " with a body that is not the suite's error shape.");
        }
        throw new CoordinatorException(answer.status(), error.error(), error.message(),
                error.acknowledgedBy() == null ? List.of() : error.acknowledgedBy(), error.timestamp(), null);
    }

    static CoordinatorException noLeader() {
        return new CoordinatorException(503, "NO_LEADER",
                "No coordinator leads right now (an election is under way); nothing was run. Retry in a moment.");
    }
}
