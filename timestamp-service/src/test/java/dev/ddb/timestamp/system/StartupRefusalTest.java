package dev.ddb.timestamp.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.timestamp.TimestampApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

    @TempDir
    Path stateDir;

    private void start(String... extraArguments) {
        String[] arguments = new String[extraArguments.length + 2];
        arguments[0] = "--server.port=0";
        arguments[1] = "--ddb.timestamp.state-dir=" + stateDir;
        System.arraycopy(extraArguments, 0, arguments, 2, extraArguments.length);
        SpringApplication.run(TimestampApplication.class, arguments).close();
    }

    @Test
    void serverIndexAboveTheServerCountIsRefusedNamingBoth(CapturedOutput output) {
        assertThatThrownBy(() -> start("--ddb.timestamp.server-index=3", "--ddb.timestamp.server-count=2"))
                .isInstanceOf(RuntimeException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("TIMESTAMP_SERVER_INDEX")
                .contains("must be between 1 and the server count 2")
                .contains("got 3");
    }

    @Test
    void corruptReservationFileIsRefusedInsteadOfStartingFromZero(CapturedOutput output) throws IOException {
        Files.writeString(stateDir.resolve("timestamp-server-1.reservation"), "reserved_bound=banana\n");

        assertThatThrownBy(this::start).isInstanceOf(RuntimeException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("timestamp-server-1.reservation is corrupt")
                .contains("Restore");
        assertThat(Files.readString(stateDir.resolve("timestamp-server-1.reservation")))
                .isEqualTo("reserved_bound=banana\n");
    }

    @Test
    void serverIdDefaultsToTheIndexAndTheFirstValueIsTheIndex(CapturedOutput output) {
        start("--ddb.timestamp.server-index=2", "--ddb.timestamp.server-count=3");
        assertThat(output).contains("timestamp-2 is server 2 of 3 and issues 2, 5, 8, ...")
                .contains("starting fresh with 2");
    }
}
