package dev.ddb.mysql.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The one list of instances every part of the suite reads (coordinator, metrics-service, launcher,
 * compose), written as {@code DDB_INSTANCES="instance-1=127.0.0.1:3307,instance-2=127.0.0.1:3308"}.
 */
public record ClusterTopology(List<InstanceAddress> instances) {

    public static final String ENVIRONMENT_VARIABLE = "DDB_INSTANCES";
    public static final String LOCAL_HOST = "127.0.0.1";
    public static final int LOCAL_FIRST_PORT = 3307;
    public static final int LOCAL_INSTANCE_COUNT = 4;

    public ClusterTopology {
        Objects.requireNonNull(instances, "instances");
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one instance");
        }
        instances = List.copyOf(instances);
        Set<String> ids = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (InstanceAddress instance : instances) {
            if (!ids.add(instance.id())) {
                throw new IllegalArgumentException("instance id " + instance.id() + " appears twice");
            }
            if (!endpoints.add(instance.host() + ":" + instance.port())) {
                throw new IllegalArgumentException("instance " + instance.id() + " shares "
                        + instance.host() + ":" + instance.port() + " with another instance");
            }
        }
    }

    /**
     * Reads {@code id=host:port} entries separated by commas; an IPv6 host goes in brackets.
     *
     * @throws IllegalArgumentException naming the entry that is malformed
     */
    public static ClusterTopology parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("the instance list is empty: expected id=host:port[,id=host:port...]");
        }
        List<InstanceAddress> instances = new ArrayList<>();
        for (String rawEntry : spec.split(",", -1)) {
            instances.add(parseEntry(rawEntry.trim()));
        }
        return new ClusterTopology(instances);
    }

    /** {@code DDB_INSTANCES} when it is set, otherwise {@link #localDefault()}. */
    public static ClusterTopology fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static ClusterTopology fromEnvironment(UnaryOperator<String> environment) {
        String spec = environment.apply(ENVIRONMENT_VARIABLE);
        return spec == null || spec.isBlank() ? localDefault() : parse(spec);
    }

    /** instance-1..4 on 127.0.0.1:3307-3310, the ports the launcher uses. */
    public static ClusterTopology localDefault() {
        List<InstanceAddress> instances = new ArrayList<>();
        for (int n = 1; n <= LOCAL_INSTANCE_COUNT; n++) {
            instances.add(new InstanceAddress("instance-" + n, LOCAL_HOST, LOCAL_FIRST_PORT + n - 1));
        }
        return new ClusterTopology(instances);
    }

    public Optional<InstanceAddress> find(String id) {
        return instances.stream().filter(instance -> instance.id().equals(id)).findFirst();
    }

    /** The {@code DDB_INSTANCES} value that {@link #parse} reads back into this topology. */
    public String spec() {
        return instances.stream().map(InstanceAddress::toString).collect(Collectors.joining(","));
    }

    private static InstanceAddress parseEntry(String entry) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("the instance list has an empty entry (two commas in a row, or a trailing comma)");
        }
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has no '=': expected id=host:port");
        }
        String id = entry.substring(0, equals).trim();
        String endpoint = entry.substring(equals + 1).trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has no id before '='");
        }
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has no port: expected id=host:port");
        }
        String host = endpoint.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has no host before the port");
        }
        String portText = endpoint.substring(colon + 1).trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has port '" + portText + "', which is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("instance entry '" + entry + "' has port " + port + ", outside 1-65535");
        }
        return new InstanceAddress(id, host, port);
    }
}
