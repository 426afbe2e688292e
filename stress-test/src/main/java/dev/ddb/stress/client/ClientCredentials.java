package dev.ddb.stress.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.ddb.auth.SuiteCredentials;

/**
 * The {@code Authorization} header every request of the CLI carries, found without options: {@code DDB_TOKEN} (a
 * bearer token, for a suite this machine did not start), else the admin of the suite's credentials file, which
 * {@code ./ddb up} wrote to {@code $DDB_RUN_DIR/credentials} (default {@code $DDB_HOME/.ddb}, else {@code ./.ddb}).
 * The admin, because the commands use {@code /admin/*} besides {@code /query}. None when neither exists: the suite's
 * loopback exception still lets {@code /query} through.
 */
public final class ClientCredentials {

    public static final String TOKEN_VARIABLE = "DDB_TOKEN";

    private static volatile Optional<String> fromEnvironment = find(System.getenv());

    private ClientCredentials() {
    }

    /** The header value for this process, looked up once. */
    public static Optional<String> authorization() {
        return fromEnvironment;
    }

    /**
     * Looks the credentials up again with these variables over the process's own, for a command that was told which
     * suite it works on ({@code stress --launcher-env DDB_RUN_DIR=...}): that suite's file, unless DDB_TOKEN is set.
     */
    public static void lookUpWith(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(variables);
        fromEnvironment = find(env);
    }

    static Optional<String> find(Map<String, String> env) {
        String token = env.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            return Optional.of("Bearer " + token.trim());
        }
        try {
            return SuiteCredentials.read(file(env)).map(SuiteCredentials::adminAuthorization);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the suite's credentials: " + e.getMessage(), e);
        }
    }

    static Path file(Map<String, String> env) {
        Path runDir;
        if (env.get("DDB_RUN_DIR") != null) {
            runDir = Path.of(env.get("DDB_RUN_DIR"));
        } else if (env.get("DDB_HOME") != null) {
            runDir = Path.of(env.get("DDB_HOME"), ".ddb");
        } else {
            runDir = Path.of(".ddb");
        }
        return runDir.resolve(SuiteCredentials.FILE_NAME);
    }
}
