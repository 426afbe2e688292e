package dev.ddb.mysql.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceComponentTest {

    @TempDir
    Path runDir;

    @Test
    void aServiceWritesItsOwnRollingLogWithASizeCapAndNothingToTheConsole() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("DDB_RUN_DIR", runDir.toString(),
                "DDB_LOG_MAX_FILE_SIZE", "1MB", "DDB_LOG_TOTAL_SIZE_CAP", "5MB"));
        ServiceComponent seer = new ServiceComponent("seer", 9005, Path.of("seer.jar"), Map::of, false, settings);

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

    @Test
    void aCompleteAotRecordingBecomesTheLayoutsCacheAndAnInterruptedOneIsDropped() throws Exception {
        Path complete = runDir.resolve("Eclipse_Adoptium-25.0.3+9-LTS.aot.coordinator-1.recording");
        Files.writeString(complete, "cache");
        Files.writeString(complete.resolveSibling(complete.getFileName() + ".config"), "left by the JVM");
        Path interrupted = runDir.resolve("Eclipse_Adoptium-25.0.3+9-LTS.aot.coordinator-2.recording");
        Files.writeString(interrupted, "half a cache");

        ServiceComponent.keepAotRecording(complete, true);
        ServiceComponent.keepAotRecording(interrupted, false);

        try (var left = Files.list(runDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("Eclipse_Adoptium-25.0.3+9-LTS.aot");
        }
        assertThat(Files.readString(runDir.resolve("Eclipse_Adoptium-25.0.3+9-LTS.aot"))).isEqualTo("cache");
    }

    /** The launcher leans on this: a cache of another JDK build or other jars, or a truncated one, never stops a start. */
    @Test
    void aJvmGivenACorruptAotCacheSaysSoAndRunsAnyway() throws Exception {
        JavaRuntime newest = JavaChoice.of(Map.of()).runtime();
        assumeTrue(newest.recordsAotCaches(), "no JDK 25 or newer on this machine");
        Path corrupt = runDir.resolve("corrupt.aot");
        Files.writeString(corrupt, "not an AOT cache");

        Process java = new ProcessBuilder(newest.java().toString(), "-XX:AOTCache=" + corrupt, "-version")
                .redirectErrorStream(true).start();

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("[aot]").contains("version \"" + newest.version().feature());
    }

    @Test
    void theSupervisorStartsAProgramThatExitedDeposedAgainAndEndsWithAnyOtherStatus() throws Exception {
        Path runs = runDir.resolve("runs");
        Path log = runDir.resolve("coordinator-2.log");
        // Exits 75 on its first two runs, then 3: two restarts, then the supervisor ends with the 3.
        String program = "echo run >> '" + runs + "'; [ $(wc -l < '" + runs + "') -ge 3 ] && exit 3; exit 75";
        ProcessBuilder builder = new ProcessBuilder(ServiceComponent.supervised("coordinator-2", List.of("sh", "-c", program)))
                .redirectErrorStream(true);
        builder.environment().put("LOGGING_FILE_NAME", log.toString());
        Process supervisor = builder.start();

        assertThat(supervisor.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String console = new String(supervisor.getInputStream().readAllBytes());
        assertThat(supervisor.exitValue()).isEqualTo(3);
        assertThat(Files.readAllLines(runs)).hasSize(3);
        assertThat(console.lines().filter(line -> line.contains(
                "ddb: coordinator-2 exited deposed (status 75); starting it again in 1 s"))).hasSize(2);
        assertThat(Files.readString(log)).isEqualTo(console);
    }

    @Test
    void stoppingASupervisedServiceEndsTheSupervisorAndItsProgramTogether() throws Exception {
        Process supervisor = new ProcessBuilder(ServiceComponent.supervised("coordinator-1", List.of("sleep", "60")))
                .redirectErrorStream(true).start();
        ProcessHandle program = awaitChild(supervisor);

        ServiceComponent.stopTree(supervisor.toHandle(), Duration.ofSeconds(10));

        assertThat(supervisor.isAlive()).isFalse();
        assertThat(program.isAlive()).isFalse();
    }

    @Test
    void killingASupervisedServiceEndsTheSupervisorAndItsProgramTogether() throws Exception {
        Process supervisor = new ProcessBuilder(ServiceComponent.supervised("coordinator-1", List.of("sleep", "60")))
                .redirectErrorStream(true).start();
        ProcessHandle program = awaitChild(supervisor);

        ServiceComponent.killTree(supervisor.toHandle());

        assertThat(supervisor.isAlive()).isFalse();
        assertThat(program.isAlive()).isFalse();
    }

    private static ProcessHandle awaitChild(Process parent) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var child = parent.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the supervisor started nothing");
    }
}
