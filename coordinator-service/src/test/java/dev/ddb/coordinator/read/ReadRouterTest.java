package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReadRouterTest {

    private static final String MASTER = "instance-1";
    private static final List<ReplicaView> CAUGHT_UP = List.of(
            replica("instance-2", 100, 0), replica("instance-3", 100, 0), replica("instance-4", 100, 0));

    private final ReadLoad load = new ReadLoad();

    @Test
    void strongReadGoesToTheMasterAlone() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.STRONG)).containsExactly(MASTER);
    }

    @Test
    void lockingEventualReadGoesToTheMasterAlone() {
        ReadRouter router = new ReadRouter(ReadStrategy.LATENCY, load);

        assertThat(router.candidates(MASTER, CAUGHT_UP, new ReadDemand(false, true, null, null))).containsExactly(MASTER);
    }

    @Test
    void eventualReadTriesEveryReplicaThenTheMasterLast() {
        for (ReadStrategy strategy : ReadStrategy.values()) {
            List<String> candidates = new ReadRouter(strategy, load).candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL);

            assertThat(candidates).as(strategy.configName())
                    .containsExactlyInAnyOrder("instance-2", "instance-3", "instance-4", MASTER)
                    .last().isEqualTo(MASTER);
        }
    }

    @Test
    void roundRobinStartsOneReplicaFurtherEachRead() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-2", "instance-3", "instance-4", MASTER);
        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-3", "instance-4", "instance-2", MASTER);
        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-4", "instance-2", "instance-3", MASTER);
        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-2", "instance-3", "instance-4", MASTER);
    }

    @Test
    void roundRobinDoesNotDependOnTheOrderTheViewsAreListedIn() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        List<ReplicaView> reversed = new ArrayList<>(CAUGHT_UP);
        Collections.reverse(reversed);

        assertThat(router.candidates(MASTER, reversed, ReadDemand.EVENTUAL).get(0)).isEqualTo("instance-2");
        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL).get(0)).isEqualTo("instance-3");
    }

    @Test
    void roundRobinGivesEveryReplicaTheSameShareUnderConcurrentReads() throws Exception {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        int threads = 8;
        int readsPerThread = 3_000;
        Map<String, AtomicInteger> firstChoices = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < readsPerThread; i++) {
                        String first = router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL).get(0);
                        firstChoices.computeIfAbsent(first, id -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int share = threads * readsPerThread / CAUGHT_UP.size();
        assertThat(firstChoices).containsOnlyKeys("instance-2", "instance-3", "instance-4");
        assertThat(firstChoices.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(share));
    }

    @Test
    void leastLoadedPrefersTheReplicaWithFewestReadsInFlight() {
        ReadRouter router = new ReadRouter(ReadStrategy.LEAST_LOADED, load);
        load.started("instance-2");
        load.started("instance-2");
        load.started("instance-3");

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-4", "instance-3", "instance-2", MASTER);

        load.finished("instance-2");
        load.finished("instance-2");
        load.started("instance-4");
        load.started("instance-4");

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-2", "instance-3", "instance-4", MASTER);
    }

    @Test
    void leastLoadedTakesEquallyLoadedReplicasInTurn() {
        ReadRouter router = new ReadRouter(ReadStrategy.LEAST_LOADED, load);

        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firsts.add(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL).get(0));
        }

        assertThat(firsts).containsExactly("instance-2", "instance-3", "instance-4");
    }

    @Test
    void latencyPrefersTheLowestMovingAverage() {
        ReadRouter router = new ReadRouter(ReadStrategy.LATENCY, load);
        load.observed("instance-2", 9.0);
        load.observed("instance-3", 1.0);
        load.observed("instance-4", 4.0);

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-3", "instance-4", "instance-2", MASTER);
    }

    @Test
    void latencyTriesAReplicaWithNoObservationFirst() {
        ReadRouter router = new ReadRouter(ReadStrategy.LATENCY, load);
        load.observed("instance-2", 0.5);
        load.observed("instance-3", 0.1);

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-4", "instance-3", "instance-2", MASTER);
    }

    @Test
    void latencyAverageFollowsASlowdownWithinAFewReads() {
        ReadRouter router = new ReadRouter(ReadStrategy.LATENCY, load);
        load.observed("instance-2", 1.0);
        load.observed("instance-3", 2.0);
        load.observed("instance-4", 3.0);
        for (int i = 0; i < 5; i++) {
            load.observed("instance-2", 20.0);
        }

        assertThat(router.candidates(MASTER, CAUGHT_UP, ReadDemand.EVENTUAL))
                .containsExactly("instance-3", "instance-4", "instance-2", MASTER);
    }

    @Test
    void movingAverageWeighsTheNewestSampleBySmoothing() {
        load.observed("instance-2", 10.0);
        load.observed("instance-2", 20.0);

        assertThat(load.averageLatencyMs("instance-2")).hasValue(10.0 + ReadLoad.SMOOTHING * 10.0);
        assertThat(load.averageLatencyMs("instance-3")).isEmpty();
    }

    @Test
    void minTimestampKeepsOnlyReplicasThatAppliedIt() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        List<ReplicaView> replicas = List.of(
                replica("instance-2", 41, 0), replica("instance-3", 42, 0), replica("instance-4", 57, 0));

        assertThat(router.candidates(MASTER, replicas, new ReadDemand(false, false, 42L, null)))
                .containsExactlyInAnyOrder("instance-3", "instance-4", MASTER)
                .last().isEqualTo(MASTER);
    }

    @Test
    void maxLagKeepsOnlyReplicasWithinIt() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        List<ReplicaView> replicas = List.of(
                replica("instance-2", 100, 250), replica("instance-3", 100, 251), replica("instance-4", 100, 0));

        assertThat(router.candidates(MASTER, replicas, new ReadDemand(false, false, null, 250L)))
                .containsExactlyInAnyOrder("instance-2", "instance-4", MASTER)
                .last().isEqualTo(MASTER);
    }

    @Test
    void readFallsBackToTheMasterWhenNoReplicaIsFreshEnough() {
        ReadRouter router = new ReadRouter(ReadStrategy.LEAST_LOADED, load);

        assertThat(router.candidates(MASTER, CAUGHT_UP, new ReadDemand(false, false, 101L, null))).containsExactly(MASTER);
        assertThat(router.candidates(MASTER, List.of(replica("instance-2", 100, 5_000)), new ReadDemand(false, false, null, 1_000L)))
                .containsExactly(MASTER);
    }

    @Test
    void unreadableReplicaIsNeverTried() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        List<ReplicaView> replicas = List.of(
                new ReplicaView("instance-2", false, 100, 0), replica("instance-3", 100, 0));

        for (int i = 0; i < 3; i++) {
            assertThat(router.candidates(MASTER, replicas, ReadDemand.EVENTUAL)).containsExactly("instance-3", MASTER);
        }
    }

    @Test
    void viewOfTheMasterAmongTheReplicasIsIgnored() {
        ReadRouter router = new ReadRouter(ReadStrategy.ROUND_ROBIN, load);
        List<ReplicaView> replicas = List.of(replica(MASTER, 100, 0), replica("instance-2", 100, 0));

        assertThat(router.candidates(MASTER, replicas, ReadDemand.EVENTUAL)).containsExactly("instance-2", MASTER);
    }

    @Test
    void noReplicasLeavesTheMaster() {
        ReadRouter router = new ReadRouter(ReadStrategy.LATENCY, load);

        assertThat(router.candidates(MASTER, List.of(), ReadDemand.EVENTUAL)).containsExactly(MASTER);
    }

    @Test
    void negativeBoundsAreRejected() {
        assertThatThrownBy(() -> new ReadDemand(false, false, -1L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_timestamp");
        assertThatThrownBy(() -> new ReadDemand(false, false, null, -1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_lag_ms");
    }

    private static ReplicaView replica(String id, long appliedTs, long lagMillis) {
        return new ReplicaView(id, true, appliedTs, lagMillis);
    }
}
