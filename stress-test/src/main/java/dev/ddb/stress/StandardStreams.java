package dev.ddb.stress;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is at the keyboard: decides prompts and progress bars. */
public final class StandardStreams {

    private StandardStreams() {
    }

    /**
     * True if standard input and output are a terminal. Up to Java 21 that is exactly when
     * {@link System#console()} exists; from Java 22 on it exists for pipes too, and
     * {@code Console.isTerminal()} (called reflectively, as this code builds for Java 17) tells.
     */
    public static boolean areATerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        }
        try {
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
