package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddb.stress.load.ErrorCount;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** report.json and report.html from a report of known numbers, and the page as a headless browser draws it. */
class HtmlReportTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void reportHasEveryChartInlineAndNothingFetchedFromTheNetwork() throws Exception {
        sample(true).write(dir);

        String html = Files.readString(dir.resolve(RunReport.HTML_FILE));
        assertThat(html).contains("lag: latency over time", "lag: throughput over time", "lag: replica lag over time",
                "lag: Cabinet weight over time", "performance: writes per second", "lock taken on instance-3",
                "replication mode binlog");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http");
        assertThat(countOf(html, "<svg")).isEqualTo(5);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve(RunReport.JSON_FILE)));
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("replication_mode").asString()).isEqualTo("binlog");
        assertThat(json.path("scenarios").path(0).path("timeline").path(0).path("p99_ms").asDouble()).isEqualTo(9.5);
        assertThat(json.path("scenarios").path(0).path("lag").path(1).path("instance").asString()).isEqualTo("instance-3");
        assertThat(json.path("scenarios").path(0).path("lag").path(1).path("weight").asDouble()).isEqualTo(1.84);
    }

    @Test
    void failedRunNamesEachViolationOnThePage() throws Exception {
        sample(false).write(dir);

        String html = Files.readString(dir.resolve(RunReport.HTML_FILE));
        assertThat(html).contains("Invariants violated",
                "identical tables: CHECKSUM TABLE users differs between instances");
    }

    @Test
    void headlessChromiumDrawsTheReport() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + "; apt-get install -y chromium");
        sample(true).write(dir);
        Path screenshot = dir.resolve("report.png");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));

        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--screenshot=" + screenshot, "--window-size=1200,1600",
                dir.resolve(RunReport.HTML_FILE).toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        boolean finished = chromium.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            chromium.destroyForcibly();
        }

        assertThat(finished).as("chromium finished").isTrue();
        assertThat(screenshot).as(Files.readString(dir.resolve("chromium.log"))).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours drawn").hasSizeGreaterThan(20);
    }

    private static RunReport sample(boolean passed) {
        ScenarioReport lag = ScenarioReport.start("lag", "one replica held back");
        lag.loads().add(new ScenarioReport.Load("lag", 8, 1_200, 12.0, 100.0, 4.0, 7.5, 9.5, 30.0, 3,
                List.of(new ErrorCount("503 QUORUM_NOT_REACHED", 3, "quorum not reached"))));
        for (int second = 0; second < 12; second++) {
            lag.timeline().add(new Timeline.Point(second, 90 + second, second % 4 == 0 ? 1 : 0, 4.0 + second % 3, 9.5));
            for (String replica : List.of("instance-2", "instance-3", "instance-4")) {
                boolean held = replica.equals("instance-3") && second >= 3 && second < 8;
                lag.lag().add(new LagSampler.Sample(second, replica, held ? (second - 2) * 40L : 1, held ? 900L : 5L,
                        "live", held ? 1.0 : replica.equals("instance-2") ? 3.38 : 1.84));
            }
        }
        lag.markers().add(new ScenarioReport.Marker(3, "lock taken on instance-3"));
        lag.markers().add(new ScenarioReport.Marker(8, "lock released"));
        lag.figures().put("held_replica", "instance-3");
        lag.figures().put("catch_up_seconds", 0.8);
        ScenarioReport performance = ScenarioReport.start("performance", "single-row INSERTs");
        String[] targets = {"direct", "semisync", "strong", "eventual"};
        double[] rates = {16_000, 9_000, 1_500, 2_100};
        for (int clients : new int[] {1, 16, 64}) {
            for (int t = 0; t < targets.length; t++) {
                performance.loads().add(new ScenarioReport.Load(targets[t], clients, 1000, 10.0,
                        rates[t] * clients / 64.0, 1.0, 2.0, 3.0, 9.0, 0, List.of()));
            }
        }
        performance.ratios().add(new ScenarioReport.Ratio("strong", "semisync", 64, 0.167));
        if (!passed) {
            lag.violations().add("identical tables: CHECKSUM TABLE users differs between instances: {instance-1=1,"
                    + " instance-2=2}");
        }
        List<String> violations = passed ? List.of() : List.copyOf(lag.violations());
        return new RunReport("0badcafe", "2026-11-29T21:00:00Z", "http://127.0.0.1:9000", "binlog",
                List.of("lag", "performance"), passed, violations, List.of(lag, performance));
    }

    private static int countOf(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
