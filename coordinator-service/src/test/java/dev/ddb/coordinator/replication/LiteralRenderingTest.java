package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LiteralRendering} against the driver's own rendering on a real server's connection. */
@LocalServers(count = 1)
class LiteralRenderingTest {

    private static final String INSERT = "INSERT INTO bench_rows (k, v) VALUES (?, ?)";

    private final TestCluster cluster;
    private Connection connection;
    private RenderingSettings settings;

    LiteralRenderingTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = Writers.open(cluster, "instance-1");
        settings = RenderingSettings.of(connection);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** Ours, which must be there, equals the driver's. */
    private void assertRenderedAsTheDriverDoes(String sql, List<Object> params) throws SQLException {
        String driver = StatementScript.renderByDriver(connection, sql, params);
        assertThat(LiteralRendering.render(settings, sql, params)).as("%s with %s", sql, params).isEqualTo(driver);
    }

    @Test
    void theSuitesConnectionsAreCovered() throws SQLException {
        assertThat(settings.noBackslashEscapes()).isFalse();
        assertThat(settings.ansiQuotes()).isFalse();
        assertThat(LiteralRendering.render(settings, INSERT, List.of("k-1", "v"))).isNotNull();
    }

    @Test
    void statementsOfEveryWriteRenderAsTheDriverDoes() throws SQLException {
        assertRenderedAsTheDriverDoes(INSERT, List.of("run-strong-c64-3-17", "x"));
        assertRenderedAsTheDriverDoes(INSERT, Arrays.asList("k", null));
        assertRenderedAsTheDriverDoes("UPDATE t SET n = n * 2 + ? WHERE id IN (?, ?) AND flag = ?",
                List.of(3, 4L, Long.MIN_VALUE, true));
        assertRenderedAsTheDriverDoes("UPDATE t SET flag = ? WHERE id = ?", List.of(false, (short) 7));
        assertRenderedAsTheDriverDoes("DELETE FROM t WHERE id = ?", List.of(Integer.MAX_VALUE));
        assertRenderedAsTheDriverDoes("INSERT INTO t (a) VALUES (1)", List.of());
        var advance = InstanceState.advanceFromStatement(41, 42, 3);
        assertRenderedAsTheDriverDoes(advance.sql(), advance.params());
    }

    @Test
    void placeholdersInsideQuotesAreText() throws SQLException {
        assertRenderedAsTheDriverDoes("INSERT INTO t (a, b) VALUES ('what?', ?)", List.of("x"));
        assertRenderedAsTheDriverDoes("INSERT INTO t (a, b) VALUES (\"it's?\", ?)", List.of("x"));
        assertRenderedAsTheDriverDoes("INSERT INTO t (a, b) VALUES ('don''t ?', ?)", List.of("x"));
        assertRenderedAsTheDriverDoes("INSERT INTO t (a, b) VALUES ('a\\'?', ?)", List.of("x"));
        assertRenderedAsTheDriverDoes("INSERT INTO `odd?``name` (a) VALUES (?)", List.of("x"));
        assertRenderedAsTheDriverDoes("SELECT ? - ? / ?", List.of(1, 2, 3));
    }

    @Test
    void stringsWithEveryEscapedCharacterRenderAsTheDriverDoes() throws SQLException {
        for (String value : List.of("", "plain", "it's", "say \"hi\"", "back\\slash", "nul\0byte", "line\nfeed",
                "carriage\rreturn", "ctrl-z\032", "tab\there", "caf\u00e9", "\u4e2d\u6587", "emoji \uD83D\uDE00",
                "\\'\"\0\n\r\032\\", "?", "{fn NOW()}", "-- not a comment", "# nor this", "/* nor */")) {
            assertRenderedAsTheDriverDoes(INSERT, List.of(value, value));
        }
    }

    @Test
    void randomStringsRenderAsTheDriverDoes() throws SQLException {
        char[] alphabet = "ab'\"\\\0\n\r\032\t ?{}#-/*`\u00e9\u4e2d\uD83D\uDE00".toCharArray();
        Random random = new Random(20261130);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String string = value.toString();
            String driver = StatementScript.renderByDriver(connection, INSERT, List.of(string, "v"));
            String ours = LiteralRendering.render(settings, INSERT, List.of(string, "v"));
            if (hasLoneSurrogate(string)) {
                assertThat(ours).as("lone surrogate in %s", string).isNull();
            } else {
                assertThat(ours).as("rendering of %s", string).isEqualTo(driver);
            }
        }
    }

    @Test
    void renderedStringsReachTheServerUnchanged() throws SQLException {
        List<String> values = List.of("it's", "say \"hi\"", "back\\slash", "nul\0byte", "line\nfeed\r\032",
                "emoji \uD83D\uDE00", "{fn NOW()}");
        try (Statement statement = connection.createStatement()) {
            for (String value : values) {
                String select = LiteralRendering.render(settings, "SELECT ?", List.of(value));
                try (ResultSet rows = statement.executeQuery(select)) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void whatItDoesNotCoverIsLeftToTheDriver() throws SQLException {
        assertThat(LiteralRendering.render(settings, "SELECT {fn NOW()}, ?", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ? -- why?", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ? # why?", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ? /* why? */", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT 'unterminated ?", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ?", List.of(1.5))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ?", List.of(new BigDecimal("1.5")))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ?, ?", List.of(1))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ?", List.of(1, 2))).isNull();
        assertThat(LiteralRendering.render(settings, "SELECT ?", List.of("lone \uD83D"))).isNull();
        List<RenderingSettings> others = new ArrayList<>();
        others.add(new RenderingSettings(settings.characterEncoding(), true, false, settings.processEscapeCodes()));
        others.add(new RenderingSettings(settings.characterEncoding(), false, true, settings.processEscapeCodes()));
        others.add(new RenderingSettings("ISO-8859-1", false, false, settings.processEscapeCodes()));
        for (RenderingSettings other : others) {
            assertThat(LiteralRendering.render(other, INSERT, List.of("k", "v"))).as("%s", other).isNull();
        }
    }

    private static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
