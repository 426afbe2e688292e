package dev.ddb.coordinator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DivergencesTest {

    private final Divergences divergences = new Divergences();

    @Test
    void aFindingIsKnownAtOnceAndAWholePassThatComparedTheInstanceReplacesIt() {
        divergences.found("ddb.t", List.of(mismatch("instance-3", 1L, 100L)));
        assertThat(divergences.all()).containsExactly(new Divergences.DivergentTable("instance-3", "ddb.t", 1));

        divergences.passed("ddb.t", List.of("instance-1", "instance-2", "instance-4"), List.of());
        assertThat(divergences.of("instance-3", "ddb.t")).as("instance-3 was not compared throughout").hasSize(1);

        divergences.passed("ddb.t", List.of("instance-1", "instance-2", "instance-3", "instance-4"), List.of());
        assertThat(divergences.all()).isEmpty();
    }

    @Test
    void aChunkCheckedEqualAfterARepairIsTakenOffWhileOtherChunksStay() {
        Mismatch first = mismatch("instance-2", null, 400L);
        Mismatch second = mismatch("instance-2", 400L, null);
        divergences.found("ddb.t", List.of(first, second));

        divergences.checked(new ChunkResult("ddb.t", first.range(), 400, List.of(), List.of("instance-2", "instance-3"),
                List.of()));

        assertThat(divergences.of("instance-2", "ddb.t")).containsExactly(second);
        assertThat(divergences.tablesOf("instance-2")).containsExactly("ddb.t");
    }

    @Test
    void listenersHearEveryChange() {
        List<List<Divergences.DivergentTable>> heard = new ArrayList<>();
        divergences.onChange(heard::add);
        divergences.found("ddb.t", List.of(mismatch("instance-4", 5L, 9L)));
        divergences.passed("ddb.t", List.of("instance-4"), List.of());

        assertThat(heard).hasSize(3);
        assertThat(heard.get(1)).hasSize(1);
        assertThat(heard.get(2)).isEmpty();
    }

    private static Mismatch mismatch(String instance, Long lo, Long hi) {
        KeyRange range = new KeyRange(lo, hi);
        return new Mismatch(instance, range.loText(), range.hiText(), 10, 9, range);
    }
}
