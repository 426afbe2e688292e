package dev.ddb.stress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Starts real servers through the command, writes to them while it holds, and checks they are gone after. */
class BaselineServersTest {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:mysql://127\\.0\\.0\\.1:(\\d+)/ddb");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void bothBaselinesServeTheBenchmarkTableUntilReleasedThenStop() throws Exception {
        BaselineServers command = new BaselineServers();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine(command).execute());
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!out.toString().contains("Running until interrupted") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(out.toString()).as("stdout; stderr: %s", err).contains("Running until interrupted");
        List<String> urls = new ArrayList<>();
        Matcher matcher = JDBC_URL.matcher(out.toString());
        while (matcher.find()) {
            urls.add(matcher.group());
        }
        assertThat(urls).hasSize(2);
        assertThat(out.toString()).contains("direct ", "semisync ", "lossless semi-sync",
                "sysbench ", "bench_insert.lua", "--mysql-port=" + portOf(urls.get(0)), "--mysql-port=" + portOf(urls.get(1)));
        for (String url : urls) {
            try (Connection connection = DriverManager.getConnection(url, credentials());
                 Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("INSERT INTO bench_rows (k, v) VALUES ('baseline-test', 1)")).isEqualTo(1);
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM bench_rows")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                }
            }
        }

        command.release();

        assertThat(exit.get(2, TimeUnit.MINUTES)).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("rpl_semi_sync_master_no_tx=0");
        for (String url : urls) {
            assertThat(reachable(url)).as("%s after the command ended", url).isFalse();
        }
    }

    @Test
    void refusesAnUnknownBaselineAndANonPositiveHold() {
        assertThat(commandLine(new BaselineServers()).execute("--targets", "direct,primary")).isEqualTo(2);
        assertThat(err.toString()).contains("'primary' is not a baseline; use direct or semisync");
        assertThat(commandLine(new BaselineServers()).execute("--hold", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--hold must be positive, got 0s");
    }

    private CommandLine commandLine(BaselineServers command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private static int portOf(String url) {
        Matcher matcher = JDBC_URL.matcher(url);
        assertThat(matcher.matches()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static Properties credentials() {
        DbCredentials credentials = DbCredentials.fromEnvironment();
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", "2000");
        return properties;
    }

    private static boolean reachable(String url) {
        try (Connection ignored = DriverManager.getConnection(url, credentials())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
