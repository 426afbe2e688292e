package dev.ddb.timestamp.allocation;

/** {@code count} consecutive values of one server's slot, from {@code first} to {@code last} inclusive. */
public record TimestampBlock(long first, long last, int count) {
}
