package dev.ddb.stress.runner;

import java.io.IOException;
import java.util.List;

/** Statements a scenario sends once before its load, through the coordinator so every instance gets them. */
final class Setup {

    private Setup() {
    }

    static void write(RunContext context, String sql) throws IOException, InterruptedException {
        SuiteClient.Answer answer;
        try {
            answer = context.coordinator().query(sql, List.of(), "STRONG", null);
        } catch (IOException e) {
            throw new IOException("cannot reach " + context.coordinator().coordinators().describe() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); start the suite with ./ddb up or"
                    + " name another with --coordinator", e);
        }
        if (!answer.succeeded()) {
            throw new IOException("the coordinator refused '" + sql + "': " + answer.errorKind() + ": " + answer.message());
        }
    }
}
