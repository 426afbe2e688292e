package dev.ddb.coordinator.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampBlockTest {

    @Test
    void valuesAreSpacedByTheServerCountDerivedFromFirstAndLast() {
        TimestampBlock block = new TimestampBlock(102, 106, 3, "timestamp-2");

        assertThat(block.values().toArray()).containsExactly(102, 104, 106);
        assertThat(block.timestamp(1)).isEqualTo(104);
    }

    @Test
    void spacingFollowsHowManyServersShareTheValues() {
        TimestampBlock threeServers = new TimestampBlock(4, 13, 4, "timestamp-1");

        assertThat(threeServers.values().toArray()).containsExactly(4, 7, 10, 13);
    }

    @Test
    void singleValueBlockHoldsOnlyItsFirstValue() {
        TimestampBlock block = new TimestampBlock(7, 7, 1, "timestamp-1");

        assertThat(block.values().toArray()).containsExactly(7);
        assertThat(block.timestamp(0)).isEqualTo(7);
    }

    @Test
    void indexOutsideTheBlockIsRejected() {
        TimestampBlock block = new TimestampBlock(1, 5, 3, "timestamp-1");

        assertThatThrownBy(() -> block.timestamp(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> block.timestamp(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void spanThatCannotHoldEvenlySpacedValuesIsRejected() {
        assertThatThrownBy(() -> new TimestampBlock(1, 6, 3, "timestamp-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot hold 3");
        assertThatThrownBy(() -> new TimestampBlock(5, 5, 2, "timestamp-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampBlock(5, 9, 1, "timestamp-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockWithoutServerOrBelowOneIsRejected() {
        assertThatThrownBy(() -> new TimestampBlock(1, 1, 1, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampBlock(0, 0, 1, "timestamp-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampBlock(1, 1, 0, "timestamp-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
