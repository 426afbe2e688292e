package dev.ddb.mysql.launcher;

import java.io.PrintWriter;

final class StatusTable {

    private StatusTable() {
    }

    static void print(Suite suite, PrintWriter out) {
        String format = "%-14s %-9s %6s %8s  %-10s %s%n";
        out.printf(format, "NAME", "KIND", "PORT", "PID", "STATE", "ADDRESS");
        for (Component c : suite.all()) {
            String pid = c.pid().isPresent() ? Long.toString(c.pid().getAsLong()) : "-";
            String address = c instanceof ServiceComponent
                    ? "http://127.0.0.1:" + c.port()
                    : "jdbc:mysql://127.0.0.1:" + c.port() + "/ddb";
            out.printf(format, c.name(), c.kind(), c.port(), pid, c.health(), address);
        }
        out.printf("state and logs: %s%n", suite.settings().runDir());
        out.flush();
    }
}
