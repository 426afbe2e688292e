package dev.ddb.timestamp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservationFileTest {

    private static final ServerSlot ODD = new ServerSlot(1, 2);

    @TempDir
    Path stateDir;

    @Test
    void missingFileMeansAFreshStart() {
        assertThat(new ReservationFile(stateDir, ODD).readReservedBound()).isEmpty();
    }

    @Test
    void persistedBoundIsReadBack() {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        file.persist(20_001);
        file.persist(40_001);
        assertThat(new ReservationFile(stateDir, ODD).readReservedBound()).hasValue(40_001);
    }

    @Test
    void persistCreatesTheStateDirectoryAndLeavesNoTemporaryFile() throws IOException {
        Path nested = stateDir.resolve("a/b");
        ReservationFile file = new ReservationFile(nested, ODD);
        file.persist(7);
        try (var files = Files.list(nested)) {
            assertThat(files).containsExactly(file.path());
        }
    }

    @Test
    void eachServerIndexHasItsOwnFile() {
        ReservationFile odd = new ReservationFile(stateDir, ODD);
        ReservationFile even = new ReservationFile(stateDir, new ServerSlot(2, 2));
        odd.persist(101);
        even.persist(202);
        assertThat(odd.readReservedBound()).hasValue(101);
        assertThat(even.readReservedBound()).hasValue(202);
    }

    @Test
    void garbageIsReportedAsCorruptNamingTheFile() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        Files.writeString(file.path(), "hello\n");
        assertThatThrownBy(file::readReservedBound)
                .isInstanceOf(ReservationFileUnreadableException.class)
                .hasMessageContaining(file.path().toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void emptyFileIsCorruptNotAFreshStart() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        Files.createFile(file.path());
        assertThatThrownBy(file::readReservedBound).isInstanceOf(ReservationFileUnreadableException.class);
    }

    @Test
    void truncatedFileIsCorrupt() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        file.persist(123_456_789);
        String content = Files.readString(file.path());
        Files.writeString(file.path(), content.substring(0, content.indexOf("reserved_bound=") + 18));
        assertThatThrownBy(file::readReservedBound).isInstanceOf(ReservationFileUnreadableException.class);
    }

    @Test
    void alteredBoundFailsTheChecksum() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        file.persist(90_001);
        Files.writeString(file.path(), Files.readString(file.path()).replace("90001", "10001"));
        assertThatThrownBy(file::readReservedBound)
                .isInstanceOf(ReservationFileUnreadableException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void fileWrittenUnderAnotherServerCountIsRefused() {
        new ReservationFile(stateDir, new ServerSlot(1, 3)).persist(301);
        assertThatThrownBy(() -> new ReservationFile(stateDir, ODD).readReservedBound())
                .isInstanceOf(ReservationFileUnreadableException.class)
                .hasMessageContaining("written by server 1 of 3")
                .hasMessageContaining("configured as server 1 of 2");
    }

    @Test
    void unreadableFileIsRefusedRatherThanTreatedAsMissing() throws IOException {
        ReservationFile file = new ReservationFile(stateDir, ODD);
        Files.createDirectories(file.path());
        assertThatThrownBy(file::readReservedBound)
                .isInstanceOf(ReservationFileUnreadableException.class)
                .hasMessageContaining("cannot be read");
    }
}
