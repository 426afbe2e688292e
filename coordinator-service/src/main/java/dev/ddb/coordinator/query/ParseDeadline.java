package dev.ddb.coordinator.query;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import net.sf.jsqlparser.parser.CCJSqlParser;

/**
 * Stops a parse that runs too long: the parser checks its {@code interrupted} flag in the loops a long statement spends
 * its time in (expression lists, operator chains), and fails with a ParseException once it is set. One timer thread for
 * every parse; statements too short to take long are not timed, so the common case costs nothing.
 */
final class ParseDeadline {

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private ParseDeadline() {
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ddb-parse-deadline");
            thread.setDaemon(true);
            return thread;
        });
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    /** Interrupts {@code parser} after {@code limit}; cancel what it returns when the parse ends. Null: not timed. */
    static ScheduledFuture<?> arm(CCJSqlParser parser, int textLength, Duration limit) {
        if (textLength < QueryClassifier.LONG_STATEMENT_CHARS) {
            return null;
        }
        return ALARMS.schedule(() -> {
            parser.interrupted = true;
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    static void disarm(ScheduledFuture<?> alarm) {
        if (alarm != null) {
            alarm.cancel(false);
        }
    }
}
