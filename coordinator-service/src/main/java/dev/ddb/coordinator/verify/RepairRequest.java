package dev.ddb.coordinator.verify;

/** The body of {@code POST /admin/repair}: the instance, and the table (every table found different when absent). */
public record RepairRequest(String instance, String table) {
}
