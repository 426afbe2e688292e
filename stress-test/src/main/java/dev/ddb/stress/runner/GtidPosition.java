package dev.ddb.stress.runner;

/**
 * A MariaDB GTID position such as {@code @@GLOBAL.gtid_binlog_pos}, {@code "0-3307-42,1-5-7"}: one
 * {@code domain-server-sequence} per replication domain. The suite replicates in domain 0 only under
 * {@code gtid_strict_mode}, so that domain's sequence number alone says how far an instance got.
 */
final class GtidPosition {

    private static final long SUITE_DOMAIN = 0;

    private GtidPosition() {
    }

    /**
     * @return the sequence number of domain 0 in {@code position}; 0 when it holds none, as an instance that has
     *     neither written nor applied anything answers an empty position
     * @throws IllegalArgumentException when a part is not {@code domain-server-sequence}
     */
    static long suiteSequence(String position) {
        if (position == null || position.isBlank()) {
            return 0;
        }
        for (String gtid : position.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length != 3) {
                throw new IllegalArgumentException("'" + gtid.trim() + "' in the GTID position '" + position
                        + "' is not domain-server-sequence");
            }
            try {
                if (Long.parseLong(parts[0]) == SUITE_DOMAIN) {
                    return Long.parseLong(parts[2]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + gtid.trim() + "' in the GTID position '" + position
                        + "' is not domain-server-sequence", e);
            }
        }
        return 0;
    }
}
