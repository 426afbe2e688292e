package dev.ddb.stress.load;

/** How often one kind of failure happened in a measured window, with the first message seen of that kind. */
public record ErrorCount(String kind, long count, String example) {
}
