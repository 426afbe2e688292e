package dev.ddb.coordinator.binlog;

import java.util.Optional;

/**
 * One MariaDB GTID, {@code domain-server-sequence}. The binlog mode uses one replication domain, so a write's
 * sequence number is its place in the master's order, and a new master continues the sequence of the one before it
 * ({@code gtid_strict_mode}): that number is the write's {@code timestamp}.
 */
public record Gtid(long domain, long serverId, long sequence) {

    /** The one domain the suite's writes go to (the servers' default {@code gtid_domain_id}). */
    public static final long DOMAIN = 0;

    public static Gtid parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a GTID: '" + text + "'");
        }
        try {
            return new Gtid(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a GTID: '" + text + "'", e);
        }
    }

    /**
     * The GTID of {@link #DOMAIN} in a position such as {@code @@gtid_slave_pos} ({@code "0-3307-42,1-5-7"}); empty when
     * the position holds none (nothing applied yet).
     */
    public static Optional<Gtid> inPosition(String position) {
        if (position == null || position.isBlank()) {
            return Optional.empty();
        }
        for (String part : position.split(",")) {
            Gtid gtid = parse(part);
            if (gtid.domain() == DOMAIN) {
                return Optional.of(gtid);
            }
        }
        return Optional.empty();
    }

    /** The sequence number of {@link #DOMAIN} in a position, 0 when it holds none. */
    public static long sequenceIn(String position) {
        return inPosition(position).map(Gtid::sequence).orElse(0L);
    }

    /** A position that {@code MASTER_GTID_WAIT} takes to wait for {@code sequence} in the domain; it compares sequence numbers only. */
    public static String waitPosition(long sequence) {
        return DOMAIN + "-0-" + sequence;
    }

    @Override
    public String toString() {
        return domain + "-" + serverId + "-" + sequence;
    }
}
