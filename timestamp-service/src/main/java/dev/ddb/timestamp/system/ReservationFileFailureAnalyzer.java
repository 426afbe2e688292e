package dev.ddb.timestamp.system;

import dev.ddb.timestamp.allocation.ReservationFileUnreadableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an untrustworthy reservation file into a start-up report that says what an operator can safely do. */
class ReservationFileFailureAnalyzer extends AbstractFailureAnalyzer<ReservationFileUnreadableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReservationFileUnreadableException cause) {
        return new FailureAnalysis(
                "The timestamp server refuses to start: " + cause.getMessage() + ".",
                "Restore " + cause.path() + " from a backup, or fix the configuration if it names the wrong server."
                        + " Deleting the file makes this server start again from its first value, which is safe"
                        + " only if every client passes a floor above every timestamp ever issued.",
                cause);
    }
}
