package dev.ddb.coordinator.transactions;

import java.util.List;

/** The answer of {@code GET /transactions}: newest first. */
record RecentTransactions(List<RecentTransaction> transactions, int count) {

    RecentTransactions(List<RecentTransaction> transactions) {
        this(List.copyOf(transactions), transactions.size());
    }
}
