package dev.ddb.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ddb.mysql.server.FreePorts;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A follower's connections to the leader, against a stand-in leader that echoes each request's body. */
class LeaderConnectionsTest {

    private final EventLoopGroup loops = LeaderConnections.loops(1, "test-forward");
    private final EventLoop loop = loops.next();
    private final LeaderConnections connections = new LeaderConnections(loop, Duration.ofSeconds(5));
    private HttpServer leader;

    @AfterEach
    void stop() {
        if (leader != null) {
            leader.stop(0);
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private URI echoingLeader(CountDownLatch hold) throws IOException {
        leader = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        leader.setExecutor(Executors.newFixedThreadPool(4));
        leader.createContext("/query", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = (auth + " " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        leader.start();
        return URI.create("http://127.0.0.1:" + leader.getAddress().getPort());
    }

    private CompletableFuture<LeaderConnections.Answer> post(URI base, String body) {
        return CompletableFuture.supplyAsync(() -> connections.post(base, "/query", body.getBytes(StandardCharsets.UTF_8),
                "Bearer t"), loop).thenCompose(answer -> answer);
    }

    @Test
    void everyRequestGetsItsOwnAnswerOverAFewConnections() throws Exception {
        URI base = echoingLeader(new CountDownLatch(0));
        List<CompletableFuture<LeaderConnections.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(post(base, "{\"n\":" + i + "}"));
        }
        for (int i = 0; i < 200; i++) {
            LeaderConnections.Answer answer = answers.get(i).get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("Bearer t {\"n\":" + i + "}");
        }
    }

    @Test
    void aRefusedConnectionMeansTheRequestWasNeverSent() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.onLoopback());

        assertThat(post(nobody, "{}")).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(LeaderConnections.NotSent.class);
    }

    @Test
    void aLeaderThatGoesAwayWithTheRequestLeavesItsOutcomeOpen() throws Exception {
        URI base = echoingLeader(new CountDownLatch(1));
        CompletableFuture<LeaderConnections.Answer> answer = post(base, "{}");
        Thread.sleep(300);
        leader.stop(0);
        leader = null;

        assertThat(answer).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(LeaderConnections.Lost.class);
    }
}
