package dev.ddb.coordinator.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.sequencer.QuorumRule;

/** When STRONG writes use Cabinet's weights and when, and why, they fall back to a majority. */
class CabinetWeightsTest {

    private static final QuorumRule MAJORITY = QuorumRule.majorityOf(Set.of("instance-2", "instance-3", "instance-4"));
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    private final AtomicReference<String> master = new AtomicReference<>("instance-1");
    private final AtomicReference<Supplier<CabinetAnswer>> cabinet = new AtomicReference<>(() -> answer("instance-1"));
    private final CabinetWeights weights = new CabinetWeights(() -> cabinet.get().get(), master::get, MAJORITY, MAX_AGE,
            now::get);

    @Test
    void majorityBeforeCabinetServiceEverAnswered() {
        assertThat(weights.current()).isSameAs(MAJORITY);
        assertThat(weights.choice().source()).isEqualTo("majority (fallback: no answer from cabinet-service yet)");
    }

    @Test
    void freshAnswerNamingTheCoordinatorsMasterIsUsed() {
        weights.refresh();

        QuorumChoice choice = weights.choice();
        assertThat(choice.source()).isEqualTo("cabinet");
        assertThat(choice.rule()).isInstanceOf(WeightedQuorumRule.class);
        assertThat(choice.rule().isSatisfiedBy(Set.of("instance-3"))).isTrue();
        assertThat(choice.rule().isSatisfiedBy(Set.of())).isFalse();
    }

    @Test
    void unreachableCabinetServiceFallsBackAndSaysWhy() {
        cabinet.set(() -> {
            throw new CabinetUnavailableException("cabinet-service at http://127.0.0.1:9 is unreachable", null);
        });

        weights.refresh();

        assertThat(weights.current()).isSameAs(MAJORITY);
        assertThat(weights.choice().fallbackReason()).isEqualTo("cabinet-service at http://127.0.0.1:9 is unreachable");
    }

    @Test
    void recentAnswerStaysInUseThroughOneFailedRefresh() {
        weights.refresh();
        cabinet.set(() -> {
            throw new CabinetUnavailableException("cabinet-service answered 503 METRICS_UNAVAILABLE", null);
        });
        now.set(now.get().plusSeconds(1));

        weights.refresh();

        assertThat(weights.choice().source()).isEqualTo("cabinet");
    }

    @Test
    void answerOlderThanTheMaximumAgeFallsBackNamingTheLastFailure() {
        weights.refresh();
        cabinet.set(() -> {
            throw new CabinetUnavailableException("cabinet-service answered 503 NO_MASTER: no master", null);
        });
        weights.refresh();
        now.set(now.get().plus(MAX_AGE).plusMillis(1));

        QuorumChoice choice = weights.choice();

        assertThat(choice.rule()).isSameAs(MAJORITY);
        assertThat(choice.fallbackReason()).isEqualTo(
                "cabinet-service answered 503 NO_MASTER: no master; the last weights are 5001 ms old (at most 5000 ms)");
        assertThat(choice.lastAnswer().master()).isEqualTo("instance-1");
    }

    @Test
    void answerWeighingAnotherMasterFallsBack() {
        weights.refresh();
        master.set("instance-2");

        assertThat(weights.current()).isSameAs(MAJORITY);
        assertThat(weights.choice().fallbackReason())
                .isEqualTo("cabinet-service weighs instance-1 as the master but the master is instance-2");
    }

    @Test
    void answerWhoseThresholdIsBelowHalfTheWeightIsNotUsed() {
        cabinet.set(() -> new CabinetAnswer(List.of("instance-1"), 1, 2,
                Map.of("instance-1", BigDecimal.ONE, "instance-2", BigDecimal.ONE), new BigDecimal("0.5"),
                BigDecimal.ONE, 0, "instance-1", new BigDecimal("2")));

        weights.refresh();

        assertThat(weights.current()).isSameAs(MAJORITY);
        assertThat(weights.choice().fallbackReason()).startsWith("cabinet-service's answer is unusable: the threshold 0.5");
    }

    @Test
    void cabinetIsUsedAgainOnceItAnswersAfterFailing() {
        cabinet.set(() -> {
            throw new CabinetUnavailableException("down", null);
        });
        weights.refresh();
        cabinet.set(() -> answer("instance-1"));

        weights.refresh();

        assertThat(weights.choice().source()).isEqualTo("cabinet");
    }

    private static CabinetAnswer answer(String master) {
        return new CabinetAnswer(List.of(master, "instance-2"), 2, 4,
                Map.of(master, new BigDecimal("6.219352719"), "instance-2", new BigDecimal("3.381921"),
                        "instance-4", new BigDecimal("1.839"), "instance-3", BigDecimal.ONE),
                new BigDecimal("6.2201368595"), new BigDecimal("1.839"), 1, master, new BigDecimal("12.440273719"));
    }
}
