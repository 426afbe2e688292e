package dev.ddb.stress.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP transport of the stress and bench clients: JSON requests to the suite's services, each running on its
 * caller's thread over a pooled keep-alive connection. One instance is shared by every client thread.
 *
 * <p>It is Apache HttpClient's blocking client rather than the JDK's {@code HttpClient}: the JDK client hands every
 * exchange to its selector and executor threads, and at 64 client threads against a local Tomcat it burned about 250
 * microseconds of CPU per request where this one burns about 85, CPU taken from the services under test when they
 * share cores. Failures keep the JDK client's exception types ({@link HttpTimeoutException},
 * {@link ConnectException}, {@link IOException}), which the callers count by kind.
 */
public final class JsonHttpClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Above any client count a run uses, so no client thread ever waits for another's connection. */
    private static final int MAX_CONNECTIONS = 4096;

    /**
     * One HTTP answer.
     *
     * @param body the parsed JSON object, or null when the body was not one (then {@code text} says what it was)
     */
    public record Reply(int status, JsonNode body, String text) {
    }

    private final CloseableHttpClient http;
    private final Optional<String> authorization;

    /**
     * A client whose every request carries the CLI's credentials ({@link ClientCredentials}).
     *
     * @param requestTimeout how long an answer may take, and how long a request may wait for a free connection
     */
    public JsonHttpClient(Duration requestTimeout) {
        this(requestTimeout, ClientCredentials.authorization());
    }

    /**
     * @param requestTimeout how long an answer may take, and how long a request may wait for a free connection
     * @param authorization the {@code Authorization} header every request carries, if any
     */
    public JsonHttpClient(Duration requestTimeout, Optional<String> authorization) {
        this.authorization = authorization;
        Timeout answerTimeout = Timeout.of(requestTimeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(answerTimeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(answerTimeout)
                        .setResponseTimeout(answerTimeout)
                        .build())
                // As the JDK client did: one attempt, no redirects, no cookies, no compression.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** @throws IOException when no HTTP answer came (refused, reset, timed out) */
    public Reply get(URI uri) throws IOException, InterruptedException {
        return send(new HttpGet(uri));
    }

    /**
     * @param json the request body, sent as {@code application/json}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Reply post(URI uri, byte[] json) throws IOException, InterruptedException {
        HttpPost request = new HttpPost(uri);
        request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return send(request);
    }

    private Reply send(HttpUriRequestBase request) throws IOException, InterruptedException {
        authorization.ifPresent(value -> request.setHeader("Authorization", value));
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending " + request.getMethod() + " " + request.getPath());
        }
        try {
            return http.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new Reply(response.getCode(), parse(bytes), new String(bytes, StandardCharsets.UTF_8));
            });
        } catch (ConnectTimeoutException e) {
            throw withCause(new HttpConnectTimeoutException(e.getMessage()), e);
        } catch (InterruptedIOException e) {
            throw withCause(new HttpTimeoutException(e.getMessage()), e);
        } catch (ConnectException e) {
            throw withCause(new ConnectException(e.getMessage()), e);
        } catch (IOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static <E extends IOException> E withCause(E exception, IOException cause) {
        exception.initCause(cause);
        return exception;
    }

    /** The body as a JSON object, or null when it is not one. */
    static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
