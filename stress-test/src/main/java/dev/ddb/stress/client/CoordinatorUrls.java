package dev.ddb.stress.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The coordinators a command talks to, and the one it uses now. Every coordinator serves every endpoint (a follower
 * forwards writes to the leader), so a request goes to the current one, and to the next when the current one does not
 * answer:
 * <ul>
 * <li>it refused the connection, or did not accept it in time: nothing was sent, so the same request goes to the
 * next URL;</li>
 * <li>it answered 503 {@code NO_LEADER}: it ran nothing, so the same request goes to the next URL;</li>
 * <li>the connection broke or the answer did not come after the request was sent: a write may have committed, so it
 * is not sent again (the caller gets the error); a {@linkplain Retry#ANY_FAILURE read} is. The next request goes to
 * the next URL either way.</li>
 * </ul>
 * One instance is shared by every client thread of a command; a switch is made once per failed URL, whichever thread
 * saw it first, and said on the {@linkplain #reportSwitchesTo listener}.
 */
public final class CoordinatorUrls {

    public static final String DEFAULT = "http://127.0.0.1:9000,http://127.0.0.1:9010";
    /** The {@code --coordinator} option's default, for picocli. */
    public static final String OPTION_DEFAULT = "${env:DDB_COORDINATOR_URLS:-${env:DDB_COORDINATOR_URL:-" + DEFAULT + "}}";
    public static final String OPTION_DESCRIPTION = "Coordinator base URLs, comma-separated; a request that finds one"
            + " not answering goes to the next (default: DDB_COORDINATOR_URLS, else DDB_COORDINATOR_URL, else "
            + DEFAULT + ").";
    /** For the Environment section of a command's help. */
    public static final String ENVIRONMENT_HELP = "  DDB_COORDINATOR_URLS  default of --coordinator (DDB_COORDINATOR_URL"
            + " is read when it is not set)";

    /** Reads the {@code --coordinator} option; a wrong URL is an invalid option that names it. */
    public static final class Converter implements CommandLine.ITypeConverter<CoordinatorUrls> {
        @Override
        public CoordinatorUrls convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Which requests may be sent again to the next URL after the connection failed once they were sent. */
    public enum Retry {
        /** Reads: whatever went wrong, the next URL is asked. */
        ANY_FAILURE,
        /** Writes, and anything else that may change state: only a request that was never sent goes to the next URL. */
        UNSENT_ONLY
    }

    /** One request to the coordinator at {@code base}. */
    @FunctionalInterface
    public interface Exchange {
        JsonHttpClient.Reply to(URI base) throws IOException, InterruptedException;
    }

    private final List<URI> urls;
    private final AtomicInteger current = new AtomicInteger();
    private volatile Consumer<String> listener = line -> {
        System.err.println(line);
        System.err.flush();
    };

    private CoordinatorUrls(List<URI> urls) {
        this.urls = List.copyOf(urls);
    }

    /**
     * @param commaSeparated one or more {@code http://host:port} URLs
     * @throws IllegalArgumentException naming the URL that is wrong
     */
    public static CoordinatorUrls parse(String commaSeparated) {
        List<URI> urls = new ArrayList<>();
        for (String part : commaSeparated.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + commaSeparated + "' has an empty URL; give http:// URLs"
                        + " separated by commas, e.g. " + DEFAULT);
            }
            urls.add(parseOne(part));
        }
        return new CoordinatorUrls(urls);
    }

    public static CoordinatorUrls of(URI... urls) {
        List<URI> list = new ArrayList<>();
        for (URI url : urls) {
            list.add(parseOne(url.toString()));
        }
        return new CoordinatorUrls(list);
    }

    private static URI parseOne(String text) {
        String trimmed = text.strip();
        URI uri;
        try {
            uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an http:// URL with a host, e.g. http://127.0.0.1:9000");
        }
        return uri;
    }

    /** Where a line about each switch goes (default: standard error). */
    public CoordinatorUrls reportSwitchesTo(Consumer<String> listener) {
        this.listener = listener;
        return this;
    }

    /** Each switch as a line on {@code out}, flushed at once. */
    public CoordinatorUrls reportSwitchesTo(java.io.PrintWriter out) {
        return reportSwitchesTo(line -> {
            out.println(line);
            out.flush();
        });
    }

    /** The base URL requests go to now, without a trailing slash. */
    public URI current() {
        return urls.get(current.get());
    }

    public List<URI> all() {
        return urls;
    }

    /** "the coordinator at URL", or "the coordinators at URL, URL", for messages. */
    public String describe() {
        return urls.size() == 1 ? "the coordinator at " + urls.get(0)
                : "the coordinators at " + String.join(", ", urls.stream().map(URI::toString).toList());
    }

    /** The URLs as the option takes them. */
    @Override
    public String toString() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    /**
     * Sends the exchange to the current coordinator, and to the next ones as the class describes, each URL at most
     * once.
     *
     * @return the first answer that is not 503 {@code NO_LEADER}, else the last one
     * @throws IOException the last failure, the earlier ones suppressed in it, when no answer came
     */
    public JsonHttpClient.Reply send(Exchange exchange, Retry retry) throws IOException, InterruptedException {
        int first = current.get();
        List<IOException> earlier = new ArrayList<>();
        JsonHttpClient.Reply reply = null;
        for (int attempt = 0; attempt < urls.size(); attempt++) {
            int index = (first + attempt) % urls.size();
            boolean last = attempt == urls.size() - 1;
            try {
                reply = exchange.to(urls.get(index));
            } catch (IOException e) {
                moveOn(index, why(e));
                if (last || !(retry == Retry.ANY_FAILURE || nothingSent(e))) {
                    earlier.forEach(e::addSuppressed);
                    throw e;
                }
                earlier.add(e);
                continue;
            }
            if (!isNoLeader(reply) || last) {
                return reply;
            }
            moveOn(index, "answered 503 NO_LEADER");
        }
        return reply;
    }

    /** A 503 {@code NO_LEADER}: the coordinator knows no leader right now and ran nothing. */
    static boolean isNoLeader(JsonHttpClient.Reply reply) {
        return reply.status() == 503 && reply.body() != null
                && "NO_LEADER".equals(reply.body().path("error").asString(""));
    }

    /** The connection was never made, so the coordinator cannot have seen the request. */
    public static boolean nothingSent(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String why(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "did not answer (" + e.getClass().getSimpleName() + message + ")";
    }

    /** Makes the URL after {@code failed} the current one, unless another thread moved on already. */
    private void moveOn(int failed, String why) {
        if (urls.size() < 2) {
            return;
        }
        int next = (failed + 1) % urls.size();
        if (current.compareAndSet(failed, next)) {
            listener.accept("coordinator " + urls.get(failed) + " " + why + "; using " + urls.get(next));
        }
    }
}
