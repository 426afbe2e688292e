package dev.ddb.mysql.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceComponentTest {

    @TempDir
    Path runDir;

    @Test
    void aServiceWritesItsOwnRollingLogWithASizeCapAndNothingToTheConsole() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("DDB_RUN_DIR", runDir.toString(),
                "DDB_LOG_MAX_FILE_SIZE", "1MB", "DDB_LOG_TOTAL_SIZE_CAP", "5MB"));
        ServiceComponent seer = new ServiceComponent("seer", 9005, Path.of("seer.jar"), Map::of, settings);

        assertThat(seer.loggingEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "LOGGING_FILE_NAME", runDir.resolve("logs").resolve("seer.log").toString(),
                "LOGGING_LOGBACK_ROLLINGPOLICY_MAX_FILE_SIZE", "1MB",
                "LOGGING_LOGBACK_ROLLINGPOLICY_TOTAL_SIZE_CAP", "5MB",
                "LOGGING_THRESHOLD_CONSOLE", "OFF"));
        assertThat(seer.consoleFile()).isEqualTo(runDir.resolve("logs").resolve("seer.out"));
    }

    @Test
    void logsRollAtTenMegabytesAndKeepAHundredByDefault() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("DDB_RUN_DIR", runDir.toString()));

        assertThat(settings.logMaxFileSize()).isEqualTo("10MB");
        assertThat(settings.logTotalSizeCap()).isEqualTo("100MB");
    }
}
