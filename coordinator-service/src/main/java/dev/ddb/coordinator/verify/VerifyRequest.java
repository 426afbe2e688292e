package dev.ddb.coordinator.verify;

import java.util.List;

/** The optional body of {@code POST /admin/verify}: the tables to verify, every user table when absent. */
public record VerifyRequest(List<String> tables) {
}
