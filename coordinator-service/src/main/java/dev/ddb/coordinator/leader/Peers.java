package dev.ddb.coordinator.leader;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The suite's coordinators as {@code DDB_COORDINATOR_URLS} lists them: {@code coordinator-1} first. A coordinator's
 * rank in the Bully election is its number; the highest live one stands first.
 */
public record Peers(String selfId, List<Peer> all) {

    private static final String PREFIX = "coordinator-";

    /** One coordinator: its id, its rank (the number in its id) and its public base URL. */
    public record Peer(String id, int rank, URI url) {
    }

    public Peers {
        all = List.copyOf(all);
    }

    /**
     * Reads the list; empty means a suite of this one coordinator, which then needs no URL.
     *
     * @throws IllegalArgumentException naming the entry that is not an http URL, or when {@code selfId} is not on it
     */
    public static Peers parse(String selfId, String urls) {
        List<Peer> peers = new ArrayList<>();
        if (urls == null || urls.isBlank()) {
            return new Peers(selfId, List.of(new Peer(selfId, rankOf(selfId), null)));
        }
        String[] entries = urls.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            URI url;
            try {
                url = URI.create(entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
            } catch (IllegalArgumentException e) {
                url = null;
            }
            if (url == null || !"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("DDB_COORDINATOR_URLS entry " + (i + 1) + " ('" + entry
                        + "') is not an http:// URL with a host, such as http://127.0.0.1:9010");
            }
            peers.add(new Peer(PREFIX + (i + 1), i + 1, url));
        }
        if (peers.stream().noneMatch(p -> p.id().equals(selfId))) {
            throw new IllegalArgumentException("DDB_COORDINATOR_ID '" + selfId + "' is not among the " + peers.size()
                    + " coordinators DDB_COORDINATOR_URLS lists (coordinator-1 to coordinator-" + peers.size() + ")");
        }
        return new Peers(selfId, peers);
    }

    /** The number in {@code coordinator-N}; 1 for an id of another shape. */
    static int rankOf(String id) {
        if (id != null && id.startsWith(PREFIX)) {
            try {
                return Integer.parseInt(id.substring(PREFIX.length()));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    public Peer self() {
        return all.stream().filter(p -> p.id().equals(selfId)).findFirst().orElseThrow();
    }

    /** The other coordinators. */
    public List<Peer> others() {
        return all.stream().filter(p -> !p.id().equals(selfId)).toList();
    }

    public Optional<Peer> find(String id) {
        return all.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Whether this coordinator is the suite's only one. */
    public boolean alone() {
        return all.size() == 1;
    }
}
