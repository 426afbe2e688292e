package dev.ddb.stress.runner;

/** An invariant that did not hold; {@code invariant} names it in the report and in the exit message. */
final class Violation extends RuntimeException {

    private final String invariant;

    Violation(String invariant, String message) {
        super(message);
        this.invariant = invariant;
    }

    String invariant() {
        return invariant;
    }

    /** {@code invariant: message}, the line printed and stored in the report. */
    String describe() {
        return invariant + ": " + getMessage();
    }
}
