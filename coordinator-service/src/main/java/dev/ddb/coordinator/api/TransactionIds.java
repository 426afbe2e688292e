package dev.ddb.coordinator.api;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Transaction ids as clients see them: {@code TXN-<millis>-<8 hex>}. */
public final class TransactionIds {

    private TransactionIds() {
    }

    public static String next() {
        return "TXN-" + System.currentTimeMillis() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
