package dev.ddb.mysql.cluster;

import java.util.Objects;

/** Where one MySQL-compatible instance of the cluster listens. The id is role-neutral: masters move. */
public record InstanceAddress(String id, String host, int port) {

    public InstanceAddress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (id.isBlank()) {
            throw new IllegalArgumentException("instance id must not be blank");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("instance " + id + " has a blank host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("instance " + id + " has port " + port + ", outside 1-65535");
        }
    }

    /** Connector/J URL of one database on this instance. */
    public String jdbcUrl(String database) {
        String literalHost = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:mysql://" + literalHost + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return id + "=" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
