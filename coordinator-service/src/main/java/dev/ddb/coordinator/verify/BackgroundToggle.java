package dev.ddb.coordinator.verify;

/** The body of {@code POST /admin/verify/background}: resume ({@code true}) or pause ({@code false}) the walk. */
public record BackgroundToggle(Boolean enabled) {
}
