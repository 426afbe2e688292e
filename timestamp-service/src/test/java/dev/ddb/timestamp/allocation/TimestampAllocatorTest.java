package dev.ddb.timestamp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampAllocatorTest {

    private static final ServerSlot ODD = new ServerSlot(1, 2);
    private static final ServerSlot EVEN = new ServerSlot(2, 2);

    @TempDir
    Path stateDir;

    private TimestampAllocator allocator(ServerSlot slot, long reservationSize) {
        return TimestampAllocator.resume(slot, new ReservationFile(stateDir, slot), reservationSize);
    }

    private static List<Long> take(TimestampAllocator allocator, int howMany) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < howMany; i++) {
            values.add(allocator.next(0));
        }
        return values;
    }

    @Test
    void oddServerIssuesOneThreeFive() {
        assertThat(take(allocator(ODD, 1000), 3)).containsExactly(1L, 3L, 5L);
    }

    @Test
    void evenServerIssuesTwoFourSix() {
        assertThat(take(allocator(EVEN, 1000), 3)).containsExactly(2L, 4L, 6L);
    }

    @Test
    void thirdOfThreeServersIssuesMultiplesOfThree() {
        assertThat(take(allocator(new ServerSlot(3, 3), 1000), 3)).containsExactly(3L, 6L, 9L);
    }

    @Test
    void floorBetweenOwnValuesJumpsToTheNextOwnValue() {
        TimestampAllocator odd = allocator(ODD, 1000);
        assertThat(odd.next(10)).isEqualTo(11);
        assertThat(odd.next(0)).isEqualTo(13);
    }

    @Test
    void floorEqualToAnOwnValueIsNotIssuedItself() {
        TimestampAllocator even = allocator(EVEN, 1000);
        assertThat(even.next(8)).isEqualTo(10);
        assertThat(even.next(9)).isEqualTo(12);
    }

    @Test
    void floorFarAheadIsHonouredAndPersistedBeforeIssuing() {
        TimestampAllocator odd = allocator(ODD, 10);
        odd.next(0);
        assertThat(odd.next(1_000_000)).isEqualTo(1_000_001);
        assertThat(odd.reservedBound()).isEqualTo(1_000_021);
        assertThat(new ReservationFile(stateDir, ODD).readReservedBound()).hasValue(1_000_021);
    }

    @Test
    void floorBelowTheLastValueIssuedChangesNothing() {
        TimestampAllocator odd = allocator(ODD, 1000);
        odd.next(100);
        assertThat(odd.next(5)).isEqualTo(103);
    }

    @Test
    void blockHoldsConsecutiveOwnValuesAboveTheFloor() {
        TimestampAllocator even = allocator(EVEN, 1000);
        assertThat(even.nextBlock(0, 5)).isEqualTo(new TimestampBlock(2, 10, 5));
        assertThat(even.nextBlock(15, 3)).isEqualTo(new TimestampBlock(16, 20, 3));
        assertThat(even.next(0)).isEqualTo(22);
    }

    @Test
    void blockOfOneIsTheSingleNextValue() {
        assertThat(allocator(ODD, 1000).nextBlock(4, 1)).isEqualTo(new TimestampBlock(5, 5, 1));
    }

    @Test
    void reservationIsPersistedOnlyWhenIssuingCrossesIt() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        TimestampAllocator odd = TimestampAllocator.resume(ODD, file, 3);

        assertThat(odd.next(0)).isEqualTo(1);
        assertThat(file.readReservedBound()).hasValue(7);
        assertThat(odd.next(0)).isEqualTo(3);
        assertThat(odd.next(0)).isEqualTo(5);
        assertThat(odd.next(0)).isEqualTo(7);
        Files.delete(file.path());
        assertThat(odd.reservedBound()).isEqualTo(7);

        assertThat(odd.next(0)).isEqualTo(9);
        assertThat(file.readReservedBound()).hasValue(15);
    }

    @Test
    void reservationAlwaysCoversABlockLargerThanTheReservationSize() {
        TimestampAllocator odd = allocator(ODD, 2);
        TimestampBlock block = odd.nextBlock(0, 50);
        assertThat(block).isEqualTo(new TimestampBlock(1, 99, 50));
        assertThat(odd.reservedBound()).isGreaterThanOrEqualTo(block.last());
        assertThat(new ReservationFile(stateDir, ODD).readReservedBound().getAsLong())
                .isGreaterThanOrEqualTo(block.last());
    }

    @Test
    void restartFromTheFileNeverReissuesAValue() {
        TimestampAllocator first = allocator(EVEN, 4);
        List<Long> before = take(first, 7);
        before.add(first.nextBlock(0, 3).last());

        TimestampAllocator restarted = allocator(EVEN, 4);
        assertThat(restarted.resumedFrom()).isPresent();
        List<Long> after = take(restarted, 5);

        assertThat(after.get(0)).isGreaterThan(before.get(before.size() - 1));
        assertThat(after).allSatisfy(value -> assertThat(value % 2).isZero());
        assertThat(after).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void restartAfterRestartKeepsClimbing() {
        long previous = 0;
        for (int run = 0; run < 5; run++) {
            TimestampAllocator allocator = allocator(ODD, 3);
            long value = allocator.next(0);
            assertThat(value).isGreaterThan(previous);
            previous = allocator.next(0);
        }
    }

    @Test
    void freshStartReportsNoResumedBound() {
        TimestampAllocator odd = allocator(ODD, 10);
        assertThat(odd.resumedFrom()).isEqualTo(OptionalLong.empty());
        assertThat(odd.lastIssued()).isZero();
    }

    @Test
    void failedReservationIssuesNothingAndLeavesStateUntouched() throws IOException {
        Path notADirectory = stateDir.resolve("state");
        TimestampAllocator odd = TimestampAllocator.resume(ODD, new ReservationFile(notADirectory, ODD), 10);
        Files.writeString(notADirectory, "a file where the state directory should be created");

        assertThatThrownBy(() -> odd.next(0))
                .isInstanceOf(ReservationNotPersistedException.class)
                .hasMessageContaining(notADirectory.toString());
        assertThat(odd.lastIssued()).isZero();
        assertThat(odd.reservedBound()).isZero();
    }

    @Test
    void floorNearTheTopOfTheRangeIsRefusedWithoutIssuing() {
        TimestampAllocator odd = allocator(ODD, 10);
        assertThatThrownBy(() -> odd.nextBlock(Long.MAX_VALUE - 3, 10))
                .isInstanceOf(TimestampOverflowException.class)
                .hasMessageContaining("no room for 10 timestamps");
        assertThat(odd.next(0)).isEqualTo(1);
    }

    @Test
    void lastValueBelowTheTopIsIssuedEvenWhenTheReservationCannotReachPastIt() {
        TimestampAllocator odd = allocator(ODD, 10);
        assertThat(odd.next(Long.MAX_VALUE - 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(odd.reservedBound()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void serverIndexOutsideOneToCountIsRejected() {
        assertThatThrownBy(() -> new ServerSlot(3, 2)).hasMessageContaining("between 1 and the server count 2, got 3");
        assertThatThrownBy(() -> new ServerSlot(0, 2)).hasMessageContaining("got 0");
    }
}
