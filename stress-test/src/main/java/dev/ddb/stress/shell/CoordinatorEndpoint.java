package dev.ddb.stress.shell;

import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorClient.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The coordinator the shell talks to: {@code POST /query}, and the two reads it shows. */
final class CoordinatorEndpoint {

    // Long enough for a STRONG write that waits out the coordinator's own write timeout (30 s by default).
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    private final URI base;
    private final CoordinatorClient client;

    CoordinatorEndpoint(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.client = new CoordinatorClient(this.base, REQUEST_TIMEOUT);
    }

    /** @throws IllegalArgumentException naming what is wrong with the text */
    static URI parseUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http:// URL with a host, e.g. http://127.0.0.1:9000");
        }
        return uri;
    }

    URI base() {
        return base;
    }

    Answer query(String sql, String consistency) throws IOException, InterruptedException {
        return client.query(sql, List.of(), consistency);
    }

    Answer status() throws IOException, InterruptedException {
        return client.get("/status");
    }

    /** @param table null for every table */
    Answer transactions(int limit, String table) throws IOException, InterruptedException {
        return client.get("/transactions?limit=" + limit
                + (table == null ? "" : "&table=" + URLEncoder.encode(table, StandardCharsets.UTF_8)));
    }
}
