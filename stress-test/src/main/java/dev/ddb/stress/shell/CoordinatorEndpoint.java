package dev.ddb.stress.shell;

import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorClient.Answer;
import dev.ddb.stress.client.CoordinatorUrls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The coordinators the shell talks to: {@code POST /query}, and the two reads it shows. */
final class CoordinatorEndpoint {

    // Long enough for a STRONG write that waits out the coordinator's own write timeout (30 s by default).
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    private final CoordinatorClient client;

    CoordinatorEndpoint(CoordinatorUrls coordinators) {
        this.client = new CoordinatorClient(coordinators, REQUEST_TIMEOUT);
    }

    /** The coordinator requests go to now. */
    URI base() {
        return client.coordinators().current();
    }

    CoordinatorUrls coordinators() {
        return client.coordinators();
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
