package dev.ddb.stress.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * One HTTP/1.1 keep-alive connection for one client thread's sequential POSTs, on HttpCore's blocking connection
 * without HttpClient's pool and execution chain around it. With one of these per benchmark client, the benchmark
 * process spent about 70 µs of CPU per request against about 175 µs with the shared pooled client ({@link
 * JsonHttpClient}), CPU the services under test lose when they share the machine's cores. Not thread-safe. A request that fails closes the
 * connection; the next one opens a new one. Failures keep the JDK client's exception types, as
 * {@link JsonHttpClient}'s do.
 */
public final class KeepAliveConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A connection idle longer than this is checked before it is used again: the server may have closed it. */
    private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final URI target;
    private final Optional<String> authorization;
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private DefaultBHttpClientConnection connection;
    private long lastUsedNanos;

    /**
     * @param target an {@code http} URL; requests go to its path
     * @param authorization the {@code Authorization} header every request carries, if any
     */
    KeepAliveConnection(URI target, Duration requestTimeout, Optional<String> authorization) {
        this.target = target;
        this.authorization = authorization;
        this.host = target.getHost();
        this.port = target.getPort() < 0 ? 80 : target.getPort();
        this.timeoutMillis = Math.toIntExact(requestTimeout.toMillis());
    }

    /**
     * Posts {@code json} to the target's path.
     *
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public JsonHttpClient.Reply post(byte[] json) throws IOException {
        try {
            if (connection != null && System.nanoTime() - lastUsedNanos > CHECK_AFTER_IDLE_NANOS && connection.isStale()) {
                close();
            }
            if (connection == null) {
                connection = open();
            }
            BasicClassicHttpRequest request = new BasicClassicHttpRequest("POST", target.getRawPath());
            request.setHeader(HttpHeaders.HOST, host + ":" + port);
            request.setHeader(HttpHeaders.CONTENT_TYPE, ContentType.APPLICATION_JSON.toString());
            request.setHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(json.length));
            authorization.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
            request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            connection.sendRequestHeader(request);
            connection.sendRequestEntity(request);
            connection.flush();
            ClassicHttpResponse response = connection.receiveResponseHeader();
            connection.receiveResponseEntity(response);
            byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            lastUsedNanos = System.nanoTime();
            if (response.containsHeader(HttpHeaders.CONNECTION)
                    && "close".equalsIgnoreCase(response.getFirstHeader(HttpHeaders.CONNECTION).getValue())) {
                close();
            }
            return new JsonHttpClient.Reply(response.getCode(), JsonHttpClient.parse(body),
                    new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            close();
            throw withCause(new HttpTimeoutException("no answer from " + target + " within " + timeoutMillis + " ms"), e);
        } catch (HttpException e) {
            close();
            throw new IOException("not a valid HTTP answer from " + target + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private DefaultBHttpClientConnection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(host, port),
                    Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
        } catch (SocketTimeoutException e) {
            socket.close();
            throw withCause(new HttpConnectTimeoutException("could not connect to " + target + " within "
                    + CONNECT_TIMEOUT.toMillis() + " ms"), e);
        } catch (ConnectException e) {
            socket.close();
            throw withCause(new ConnectException("could not connect to " + target + ": " + e.getMessage()), e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        DefaultBHttpClientConnection opened = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
        opened.bind(socket);
        return opened;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // Closing a broken connection can fail; it is gone either way.
            }
            connection = null;
        }
    }

    private static <E extends IOException> E withCause(E exception, IOException cause) {
        exception.initCause(cause);
        return exception;
    }
}
