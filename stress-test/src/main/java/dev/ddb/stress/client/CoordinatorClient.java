package dev.ddb.stress.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends statements to the coordinator's {@code POST /query}. One instance is shared by every client thread, each
 * request running on its caller's thread over a pooled keep-alive connection.
 *
 * <p>The transport is Apache HttpClient's blocking client rather than the JDK's {@code HttpClient}: the JDK client
 * hands every exchange to its selector and executor threads, and at 64 client threads against a local Tomcat it
 * burned about 250 microseconds of CPU per request where this one burns about 85, CPU taken from the coordinator when
 * the two share cores. Failures keep the JDK client's exception types
 * ({@link HttpTimeoutException}, {@link ConnectException}, {@link IOException}), which the callers count by kind.
 */
public final class CoordinatorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectWriter QUERY_WRITER = JSON.writerFor(QueryBody.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Above any client count a run uses, so no client thread ever waits for another's connection. */
    private static final int MAX_CONNECTIONS = 4096;

    /** The request body of {@code POST /query} for one statement. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record QueryBody(String query, List<Object> params, String consistency) {
    }

    /**
     * The coordinator's answer.
     *
     * @param body the parsed JSON, or null when the body was not JSON (then {@code text} says what it was)
     */
    public record Answer(int status, JsonNode body, String text) {

        /** A 2xx status with {@code "success": true}; anything else is a failure, whatever the status says. */
        public boolean succeeded() {
            return status / 100 == 2 && body != null && body.path("success").asBoolean(false);
        }

        /** The HTTP status and the coordinator's stable error code, e.g. {@code 503 QUORUM_NOT_REACHED}. */
        public String errorKind() {
            if (body == null) {
                return status + " non-JSON answer";
            }
            String code = body.path("error").asString("");
            if (!code.isEmpty()) {
                return status + " " + code;
            }
            return status / 100 == 2 ? status + " success=false" : Integer.toString(status);
        }

        public String message() {
            return body == null ? text : body.path("message").asString(text);
        }
    }

    private final CloseableHttpClient http;
    private final String base;
    private final URI queryUri;

    public CoordinatorClient(URI coordinator, Duration requestTimeout) {
        String url = coordinator.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.queryUri = URI.create(base + "/query");
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

    public URI queryUri() {
        return queryUri;
    }

    /**
     * @param params values for the {@code ?} placeholders, bound by the coordinator
     * @param consistency {@code STRONG} or {@code EVENTUAL}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer query(String sql, List<Object> params, String consistency) throws IOException, InterruptedException {
        HttpPost request = new HttpPost(queryUri);
        request.setEntity(new ByteArrayEntity(QUERY_WRITER.writeValueAsBytes(new QueryBody(sql, params, consistency)),
                ContentType.APPLICATION_JSON));
        return send(request);
    }

    /**
     * A GET of another endpoint, e.g. {@code /status}; {@link Answer#succeeded()} applies only to answers that carry
     * {@code success}.
     *
     * @param pathAndQuery starts with {@code /}, its query values already encoded
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(new HttpGet(URI.create(base + pathAndQuery)));
    }

    private Answer send(HttpUriRequestBase request) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending " + request.getMethod() + " " + request.getPath());
        }
        try {
            return http.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new Answer(response.getCode(), parse(bytes), new String(bytes, StandardCharsets.UTF_8));
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

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
