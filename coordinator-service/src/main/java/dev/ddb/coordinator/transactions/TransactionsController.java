package dev.ddb.coordinator.transactions;

import java.util.regex.Pattern;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.error.CoordinatorException;

/** {@code GET /transactions?limit=&table=}: the newest log entries and who has applied them. */
@RestController
@Lazy
class TransactionsController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_$]{1,64}(\\.[A-Za-z0-9_$]{1,64})?");

    private final TransactionHistory history;
    private final String defaultDatabase;

    TransactionsController(TransactionHistory history, CoordinatorProperties properties) {
        this.history = history;
        this.defaultDatabase = properties.database();
    }

    /**
     * @param limit how many entries, 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent
     * @param table only entries touching {@code database.table}; a bare name means a table of the
     *     default database, as in SQL
     */
    @GetMapping("/transactions")
    RecentTransactions transactions(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String table) {
        return history.recent(limitOf(limit), tableOf(table));
    }

    private static int limitOf(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Answered below, with the allowed range.
        }
        throw new CoordinatorException(400, "INVALID_PARAMETER", "'limit' must be a whole number from 1 to " + MAX_LIMIT
                + "; got '" + limit + "'.");
    }

    private String tableOf(String table) {
        if (table == null || table.isBlank()) {
            return null;
        }
        if (!TABLE.matcher(table).matches()) {
            throw new CoordinatorException(400, "INVALID_PARAMETER", "'table' must be database.table or table (letters,"
                    + " digits, underscores, dollar signs); got '" + table + "'.");
        }
        return table.contains(".") ? table : defaultDatabase + "." + table;
    }
}
