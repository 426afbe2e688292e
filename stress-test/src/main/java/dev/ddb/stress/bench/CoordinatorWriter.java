package dev.ddb.stress.bench;

import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * One benchmark client inserting its rows through the coordinator's {@code POST /query}, on a connection of its own,
 * with the values as parameters or written into the statement as literals.
 */
public final class CoordinatorWriter implements LoadClient {

    private final CoordinatorClient.Connection coordinator;
    private final String consistency;
    private final RowShape shape;
    private final boolean literal;
    private final String keyPrefix;
    private final int client;

    public CoordinatorWriter(CoordinatorClient coordinator, String consistency, String keyPrefix, int client) {
        this(coordinator, consistency, RowShape.SMALL, false, keyPrefix, client);
    }

    public CoordinatorWriter(CoordinatorClient coordinator, String consistency, RowShape shape, boolean literal,
            String keyPrefix, int client) {
        this.coordinator = coordinator.connection();
        this.consistency = consistency;
        this.shape = shape;
        this.literal = literal;
        this.keyPrefix = keyPrefix;
        this.client = client;
    }

    @Override
    public Outcome perform(long sequence) throws InterruptedException {
        try {
            String key = BenchRows.key(keyPrefix, client, sequence);
            CoordinatorClient.Answer answer = literal
                    ? coordinator.query(shape.literalInsert(key, client), List.of(), consistency)
                    : coordinator.query(shape.insert(), shape.values(key, client), consistency);
            return answer.succeeded() ? Outcome.success() : Outcome.failure(answer.errorKind(), answer.message());
        } catch (HttpTimeoutException e) {
            return Outcome.failure("timeout", e.getMessage());
        } catch (IOException e) {
            return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
