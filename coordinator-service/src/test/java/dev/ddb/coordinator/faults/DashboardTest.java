package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.ddb.auth.testing.TestCallers;
import dev.ddb.coordinator.api.HttpFront;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * {@code GET /dashboard}: a page for callers with credentials, which a headless Chromium (where the machine has one)
 * renders from the coordinator's JSON alone, before and after a master is killed: the failover appears in it. The
 * screenshots go to {@code target/dashboard-*.png}.
 */
@LocalServers(count = 4)
class DashboardTest {

    private static final String NO_SEER = "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void theDashboardShowsTheTopologyAndALiveFailover(TestCluster cluster) throws Exception {
        ClusterInstance master = cluster.instance("instance-1");
        try (RunningCoordinator running = RunningCoordinator.start(cluster, NO_SEER)) {
            CoordinatorHttp coordinator = running.client();
            int port = running.context().getEnvironment().getRequiredProperty(HttpFront.LOCAL_PORT_PROPERTY, Integer.class);
            String page = coordinator.getText("/dashboard");
            assertThat(page).contains("<title>ddb dashboard</title>", "fetch(new URL(path, location.origin");
            CoordinatorHttp anonymous = new CoordinatorHttp(port, CoordinatorHttp.READ_TIMEOUT, null);
            assertThat(anonymous.get("/dashboard").status()).isEqualTo(401);

            assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " to render the page");
            String url = "http://" + TestCallers.ADMIN_USER + ":" + TestCallers.ADMIN_PASSWORD + "@127.0.0.1:" + port + "/dashboard";
            String before = render(url, "before");
            assertThat(before).contains("id=\"master-card\"", "instance-1", "No failover since this coordinator started.");

            assertThat(coordinator.query("CREATE TABLE t (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();
            master.kill();
            CoordinatorHttp.await("a failover", () -> coordinator.query("INSERT INTO t VALUES (1)", "STRONG"),
                    CoordinatorHttp.Answer::succeeded);
            String newMaster = coordinator.status().path("current_master").path("id").asString();
            String after = render(url, "after-failover");
            assertThat(after).contains("id=\"failover-table\"", "instance-1 → " + newMaster);
        } finally {
            master.start();
        }
    }

    /** The page's DOM after a few seconds of its own polling, with a screenshot beside it. */
    private static String render(String url, String name) throws IOException, InterruptedException {
        Path screenshot = Path.of("target", "dashboard-" + name + ".png").toAbsolutePath();
        run(List.of("--screenshot=" + screenshot, "--window-size=1280,900", url));
        return run(List.of("--dump-dom", url));
    }

    private static String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--virtual-time-budget=5000"));
        command.addAll(arguments);
        Path output = Files.createTempFile("chromium-", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish: " + command);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
