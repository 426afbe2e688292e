package dev.ddb.cabinet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.cabinet.quorum.NodeMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentClusterViewTest {

    private static final ClusterView VIEW = new ClusterView("m", List.of(new NodeMetrics("m", true, 1, 0)));

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Supplier<ClusterView>> answer = new AtomicReference<>(() -> VIEW);

    @Test
    void burstWithinTheIntervalCostsOneFetch() {
        RecentClusterView recent = recent(Duration.ofMillis(500));

        for (int i = 0; i < 100; i++) {
            clock.addAndGet(Duration.ofMillis(4).toNanos());
            assertThat(recent.current()).isSameAs(VIEW);
        }

        assertThat(fetches).hasValue(1);
    }

    @Test
    void viewOlderThanTheIntervalIsFetchedAgain() {
        RecentClusterView recent = recent(Duration.ofMillis(500));
        recent.current();

        clock.addAndGet(Duration.ofMillis(500).toNanos());
        recent.current();

        assertThat(fetches).hasValue(2);
    }

    @Test
    void failureIsReusedForTheIntervalThenRetried() {
        RecentClusterView recent = recent(Duration.ofMillis(500));
        answer.set(() -> {
            throw new NoMasterException("failover under way");
        });

        assertThatThrownBy(recent::current).isInstanceOf(NoMasterException.class);
        assertThatThrownBy(recent::current).isInstanceOf(NoMasterException.class);
        assertThat(fetches).hasValue(1);

        answer.set(() -> VIEW);
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(recent.current()).isSameAs(VIEW);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void zeroIntervalFetchesOnEveryCall() {
        RecentClusterView recent = recent(Duration.ZERO);

        recent.current();
        recent.current();

        assertThat(fetches).hasValue(2);
    }

    private RecentClusterView recent(Duration ttl) {
        return new RecentClusterView(() -> {
            fetches.incrementAndGet();
            return answer.get().get();
        }, ttl, clock::get);
    }
}
