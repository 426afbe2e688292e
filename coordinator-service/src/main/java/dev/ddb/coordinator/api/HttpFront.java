package dev.ddb.coordinator.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.cors.CorsConfiguration;

import dev.ddb.auth.AccessGate;
import dev.ddb.auth.AccessRequest;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Verdict;
import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.leader.CoordinatorReport;
import dev.ddb.coordinator.leader.PeerWatch;
import dev.ddb.coordinator.query.QueryClassifier;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordinator's public HTTP port. {@code POST /query} is served here, on a few event-loop threads, and every other
 * request is forwarded to the Spring MVC application (Tomcat, listening on loopback only) and its answer relayed.
 *
 * <p>Why not Tomcat for {@code /query}: a write waits milliseconds for its batch, and a servlet holds a thread for the
 * whole wait. Per write that meant Tomcat's poller handing the connection to a worker, the worker parking on the
 * write's future and the sequencer's committer waking it, then the worker handing the connection back to the poller:
 * four thread switches, each a trip through the kernel, which on a 2-core machine cost about a third of the
 * coordinator's CPU at 64 clients. Here the event loop that reads a request hands it to the sequencer and moves on;
 * the outcome is turned into an answer on that same loop, which writes every answer that completed while it was
 * awake in one go. With the same load (wrk, 64 connections, STRONG single-row INSERTs) that served 4,850-4,950
 * writes/s where Tomcat served 3,700. Reads block on JDBC, so they run on a pool of their own, and so does the parsing
 * of a statement long enough to take the parser a while ({@link QueryClassifier#LONG_STATEMENT_CHARS}).
 *
 * <p>{@code POST /query} is checked against the coordinator's access rules ({@link EndpointAccess}) here, before its
 * body is read; every other request is checked by the same rules in the application, which learns the client's
 * address from the {@code X-Forwarded-For} this front sets (it drops any the client sent).
 *
 * <p>Answers on one connection leave in the order its requests came (HTTP/1.1 pipelining), however the requests
 * complete; past {@value #MAX_PIPELINED} outstanding requests on one connection it stops reading from it.
 */
public final class HttpFront implements SmartLifecycle {

    /** The property holding the port the front listens on, once it does (as Boot's {@code local.server.port}). */
    public static final String LOCAL_PORT_PROPERTY = "local.coordinator.port";

    private static final Logger log = LoggerFactory.getLogger(HttpFront.class);
    private static final String QUERY_PATH = EndpointAccess.QUERY_PATH;
    private static final int MAX_PIPELINED = 16;
    private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
    /** Long statements waiting for a parsing thread before new ones get 503. */
    private static final int PARSE_QUEUE = 256;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a forwarded request may take: far above the longest stress-test load the application runs (its
     * operations are bounded), so only an application that hangs meets it, and the connection's later answers go on.
     */
    private static final Duration FORWARD_TIMEOUT = Duration.ofMinutes(10);
    /** Not copied between the client's connection and the forwarded one (RFC 9110 7.6.1), or set by the JDK client. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "host", "content-length", "expect",
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port");

    private final QueryExecution execution;
    private final LeaderForwarding leader;
    private final BooleanSupplier runsLeaderParts;
    private final AccessGate access;
    private final EndpointRules.Rule queryRule;
    private final EndpointRules.Rule heartbeatRule;
    private final Supplier<CoordinatorReport> heartbeat;
    private final ApiErrors errors;
    private final ObjectReader requests;
    private final ObjectWriter answers;
    private final CorsConfiguration cors;
    private final Settings settings;
    private final IntSupplier applicationPort;
    private final ConfigurableEnvironment environment;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean running;
    private EventLoopGroup loops;
    private ExecutorService reads;
    private ExecutorService parsing;
    private HttpClient forwarder;
    private URI application;
    private Channel server;
    private int port;

    /**
     * @param port the public port, 0 for any free one
     * @param bindAddress the address to listen on
     * @param ioThreads event-loop threads
     * @param readThreads threads running reads (each holds a JDBC connection while its read runs)
     * @param maxBodyBytes larger bodies get 413
     * @param shutdownGrace how long stopping waits for answers still outstanding
     */
    public record Settings(int port, String bindAddress, int ioThreads, int readThreads, long maxBodyBytes,
            Duration shutdownGrace) {
    }

    /**
     * @param leader where a follower sends the requests it does not serve itself
     * @param runsLeaderParts whether this coordinator runs the leader's parts, so its application serves every endpoint
     * @param heartbeat what this coordinator tells the others, answered here on the event loop so that a busy
     *     application never makes a live leader look dead
     */
    HttpFront(QueryExecution execution, LeaderForwarding leader, BooleanSupplier runsLeaderParts,
            Supplier<CoordinatorReport> heartbeat, AccessGate access,
            ApiErrors errors, JsonMapper json, CorsConfiguration cors, Settings settings, IntSupplier applicationPort,
            ConfigurableEnvironment environment) {
        this.execution = execution;
        this.leader = leader;
        this.runsLeaderParts = runsLeaderParts;
        this.access = access;
        this.queryRule = access.rule("POST", QUERY_PATH);
        this.heartbeatRule = access.rule("GET", PeerWatch.PATH);
        this.heartbeat = heartbeat;
        this.errors = errors;
        this.requests = json.readerFor(QueryRequest.class);
        this.answers = json.writer();
        this.cors = cors;
        this.settings = settings;
        this.applicationPort = applicationPort;
        this.environment = environment;
    }

    @Override
    public void start() {
        boolean epoll = Epoll.isAvailable();
        loops = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("ddb-http", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        reads = Executors.newFixedThreadPool(settings.readThreads(), DaemonThreads.named("ddb-read"));
        parsing = new ThreadPoolExecutor(settings.ioThreads(), settings.ioThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PARSE_QUEUE), DaemonThreads.named("ddb-parse"));
        forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        application = URI.create("http://127.0.0.1:" + applicationPort.getAsInt());
        int maxBody = (int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes());
        try {
            server = new ServerBootstrap().group(loops)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                                    new HttpServerCodec(), new BodyLimit(maxBody), new Connection());
                        }
                    })
                    .bind(settings.bindAddress(), settings.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            reads.shutdownNow();
            parsing.shutdownNow();
            throw new IllegalStateException("the coordinator cannot listen on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        environment.getPropertySources().addFirst(new MapPropertySource("ddb.front", Map.of(LOCAL_PORT_PROPERTY, port)));
        running = true;
        log.info("Serving HTTP on {}:{} ({} event loops, {}; POST {} here, everything else through {})",
                settings.bindAddress(), port, settings.ioThreads(), epoll ? "epoll" : "NIO", QUERY_PATH, application);
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        server.close().syncUninterruptibly();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (outstanding.get() > 0) {
            log.warn("stopping with {} requests still unanswered", outstanding.get());
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        reads.shutdownNow();
        parsing.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server started (so requests can be forwarded), before it stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    /** The body limit, answered in the coordinator's error shape. */
    private final class BodyLimit extends HttpObjectAggregator {
        BodyLimit(int maxContentLength) {
            super(maxContentLength);
        }

        /**
         * Passes the request on as failed, so the 413 leaves after the answers owed before it, and the connection
         * closes after it (the rest of the body is not read).
         */
        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            if (!(oversized instanceof io.netty.handler.codec.http.HttpRequest head)) {
                ctx.close();
                return;
            }
            DefaultFullHttpRequest refused = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri());
            refused.headers().set(head.headers());
            refused.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(
                    "The request body is larger than the limit of " + maxContentLength()
                            + " bytes (ddb.coordinator.max-request-size).")));
            ctx.fireChannelRead(refused);
        }
    }

    /** One client connection: its requests in order, answered in that order. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        /** A request asked to close the connection after its answer: later ones on it are not run. */
        private boolean closing;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (closing) {
                return;
            }
            // After a request that is not valid HTTP, the connection's bytes cannot be trusted to start a next one.
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            if (!keepAlive) {
                closing = true;
                ctx.channel().config().setAutoRead(false);
            }
            Pending answer = new Pending(keepAlive, request.headers().get(HttpHeaderNames.ORIGIN));
            pending.add(answer);
            outstanding.incrementAndGet();
            if (pending.size() >= MAX_PIPELINED) {
                ctx.channel().config().setAutoRead(false);
            }
            CompletableFuture<FullHttpResponse> response;
            try {
                response = handle(ctx, request);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((done, failure) -> {
                if (ctx.executor().inEventLoop()) {
                    complete(ctx, answer, done, failure);
                } else {
                    ctx.executor().execute(() -> complete(ctx, answer, done, failure));
                }
            });
        }

        private void complete(ChannelHandlerContext ctx, Pending answer, FullHttpResponse response, Throwable failure) {
            answer.response = response != null ? response : error(errors.forFailure(unwrap(failure)));
            boolean wrote = false;
            while (!pending.isEmpty() && pending.peek().response != null) {
                Pending next = pending.poll();
                outstanding.decrementAndGet();
                allowOrigin(next.response, next.origin);
                wrote = true;
                if (next.keepAlive && running) {
                    HttpUtil.setKeepAlive(next.response, true);
                    ctx.write(next.response);
                } else {
                    next.response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(next.response).addListener(ChannelFutureListener.CLOSE);
                    drop(ctx);
                    return;
                }
            }
            if (wrote) {
                ctx.flush();
                if (!closing && pending.size() < MAX_PIPELINED && !ctx.channel().config().isAutoRead()) {
                    ctx.channel().config().setAutoRead(true);
                }
            }
        }

        /** Answers still to come on a connection being closed are not sent. */
        private void drop(ChannelHandlerContext ctx) {
            outstanding.addAndGet(-pending.size());
            pending.clear();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && pending.isEmpty()) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            drop(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("closing a client connection: {}", cause.toString());
            ctx.close();
        }
    }

    /** An answer owed on a connection; {@code response} set once made. Touched by its event loop only. */
    private static final class Pending {
        final boolean keepAlive;
        final String origin;
        FullHttpResponse response;

        Pending(boolean keepAlive, String origin) {
            this.keepAlive = keepAlive;
            this.origin = origin;
        }
    }

    private CompletableFuture<FullHttpResponse> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ResponseEntity<ErrorResponse> refused = cause instanceof TooLongHttpContentException
                    ? ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ErrorResponse.of("PAYLOAD_TOO_LARGE", cause.getMessage()))
                    : ResponseEntity.badRequest().body(ErrorResponse.of("MALFORMED_REQUEST",
                            "The request is not valid HTTP/1.1: " + cause.getMessage()));
            return CompletableFuture.completedFuture(error(refused));
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(PeerWatch.PATH) && HttpMethod.GET.equals(request.method())) {
            return CompletableFuture.completedFuture(heartbeat(ctx, request));
        }
        if (!path.equals(QUERY_PATH) || HttpMethod.OPTIONS.equals(request.method())) {
            return forward(ctx, request);
        }
        HttpHeaders headers = request.headers();
        Verdict verdict = access.decide(new AccessRequest(request.method().name(), QUERY_PATH, fromLoopback(ctx),
                headers.get(HttpHeaderNames.AUTHORIZATION), headers.get(HttpHeaderNames.ORIGIN),
                headers.get(SEC_FETCH_SITE)), queryRule);
        if (!(verdict instanceof Verdict.Allowed sender)) {
            return CompletableFuture.completedFuture(refusal((Verdict.Refused) verdict));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            return CompletableFuture.completedFuture(error(errors.methodNotAllowed(request.method().name())));
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!isJson(contentType)) {
            return CompletableFuture.completedFuture(error(errors.unsupportedMediaType(
                    contentType == null ? "application/octet-stream" : contentType)));
        }
        QueryRequest body;
        try (InputStream in = new ByteBufInputStream(request.content())) {
            body = requests.readValue(in);
        } catch (JacksonException | IOException e) {
            return CompletableFuture.completedFuture(error(errors.unreadableBody(e)));
        }
        if (body == null) {
            return CompletableFuture.completedFuture(error(errors.unreadableBody(
                    new IllegalArgumentException("the body is empty or null"))));
        }
        CompletableFuture<QueryResponse> answer;
        if (sqlLength(body) < QueryClassifier.LONG_STATEMENT_CHARS) {
            answer = execution.submit(body, sender, reads, ctx.channel().eventLoop());
        } else {
            // A long statement may take the parser a while: not on the loop that serves other connections' writes.
            try {
                answer = CompletableFuture.supplyAsync(() -> execution.submit(body, sender, reads, ctx.channel().eventLoop()), parsing)
                        .thenCompose(Function.identity());
            } catch (RejectedExecutionException full) {
                answer = CompletableFuture.failedFuture(new CoordinatorException(503, "OVERLOADED", "Too many long"
                        + " statements are waiting to be parsed; retry later."));
            }
        }
        return answer.thenApply(done -> response(HttpResponseStatus.OK, answers.writeValueAsBytes(done)));
    }

    private FullHttpResponse heartbeat(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpHeaders headers = request.headers();
        Verdict verdict = access.decide(new AccessRequest("GET", PeerWatch.PATH, fromLoopback(ctx),
                headers.get(HttpHeaderNames.AUTHORIZATION), headers.get(HttpHeaderNames.ORIGIN),
                headers.get(SEC_FETCH_SITE)), heartbeatRule);
        if (verdict instanceof Verdict.Refused refused) {
            return refusal(refused);
        }
        return response(HttpResponseStatus.OK, answers.writeValueAsBytes(heartbeat.get()));
    }

    private static long sqlLength(QueryRequest body) {
        long length = body.query() == null ? 0 : body.query().length();
        if (body.queries() != null) {
            for (String statement : body.queries()) {
                length += statement == null ? 0 : statement.length();
            }
        }
        return length;
    }

    /** The peer's address as the socket has it (never a header): loopback, or any other. */
    private static boolean fromLoopback(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                && peer.getAddress().isLoopbackAddress();
    }

    /** 401 or 403, in the suite's error shape, with the challenges a 401 offers. */
    private static FullHttpResponse refusal(Verdict.Refused refused) {
        FullHttpResponse response = response(HttpResponseStatus.valueOf(refused.status()),
                refused.json().getBytes(StandardCharsets.UTF_8));
        refused.challenges().forEach(challenge -> response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge));
        return response;
    }

    /** application/json, or any application/...+json, with or without parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * Sends the request to the application and relays its answer, headers and all but the hop-by-hop ones. Only a
     * request target in origin form ({@code /path?query}) is forwarded, and always to the application: a target
     * naming another host ({@code http://elsewhere/}, {@code //elsewhere/}) must not make the coordinator a proxy.
     */
    private CompletableFuture<FullHttpResponse> forward(ChannelHandlerContext ctx, FullHttpRequest request) {
        URI base = application;
        if (!runsLeaderParts.getAsBoolean() && !servedByEveryCoordinator(request.uri())) {
            Optional<URI> leaderUrl = leader.leaderUrl();
            if (leaderUrl.isEmpty()) {
                return CompletableFuture.completedFuture(error(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(ErrorResponse.of("NO_LEADER", "No coordinator leads right now (an election is under way),"
                                + " and only the leader serves " + new QueryStringDecoder(request.uri()).path()
                                + "; nothing was run. Retry in a moment."))));
            }
            base = leaderUrl.get();
        }
        URI target;
        try {
            target = request.uri().startsWith("/") ? URI.create(base + request.uri()) : null;
        } catch (IllegalArgumentException e) {
            target = null;
        }
        if (target == null || !base.getRawAuthority().equals(target.getRawAuthority())) {
            return CompletableFuture.completedFuture(error(ResponseEntity.badRequest().body(ErrorResponse.of(
                    "MALFORMED_REQUEST", "The request target must be a path on this server, such as /status."))));
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        URI to = base;
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT)
                .method(request.method().name(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> header : request.headers()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                forwarded.header(header.getKey(), header.getValue());
            }
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null) {
            forwarded.header("X-Forwarded-Host", host);
        }
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress client && client.getAddress() != null) {
            forwarded.header("X-Forwarded-For", client.getAddress().getHostAddress());
        }
        forwarded.header("X-Forwarded-Proto", "http");
        forwarded.header("X-Forwarded-Port", Integer.toString(port));
        return forwarder.sendAsync(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((answer, failure) -> failure == null ? relay(answer, request.method()) : unreachable(to, failure));
    }

    /**
     * What a follower answers itself: its own health and metrics. Everything else but reads and heartbeats is the
     * leader's, since the leader alone knows the replicas' progress, failovers and verification.
     */
    private static boolean servedByEveryCoordinator(String uri) {
        return uri.startsWith("/actuator");
    }

    /** The application's answer; to a HEAD request with the length of the body a GET would have had, if it said. */
    private FullHttpResponse relay(HttpResponse<byte[]> answer, HttpMethod method) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.statusCode()), Unpooled.wrappedBuffer(answer.body()));
        HttpHeaders headers = response.headers();
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.add(name, values);
            }
        });
        if (method.equals(HttpMethod.HEAD)) {
            answer.headers().firstValueAsLong("content-length")
                    .ifPresent(length -> headers.set(HttpHeaderNames.CONTENT_LENGTH, length));
        } else {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        }
        return response;
    }

    private FullHttpResponse unreachable(URI base, Throwable failure) {
        Exception cause = unwrap(failure);
        boolean toLeader = base != application;
        log.warn("forwarding a request to {} at {} failed: {}", toLeader ? "the leader" : "the application", base,
                cause.toString());
        String message = cause instanceof HttpTimeoutException
                ? "The coordinator did not answer this request within " + FORWARD_TIMEOUT.toMinutes() + " minutes."
                : toLeader ? "The leader at " + base + " did not answer this request (" + cause.getClass().getSimpleName()
                        + "); if it changes state, it may or may not have taken effect. Retry in a moment."
                : "The coordinator could not serve this request (" + cause.getClass().getSimpleName()
                        + "); it may be starting or stopping.";
        return error(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ErrorResponse.of(toLeader ? "LEADER_CHANGED" : "UNAVAILABLE", message)));
    }

    private void allowOrigin(FullHttpResponse response, String origin) {
        if (origin == null || response.headers().contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            return;
        }
        String allowed = cors.checkOrigin(origin);
        if (allowed != null) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            response.headers().add(HttpHeaderNames.VARY, List.of("Origin", "Access-Control-Request-Method",
                    "Access-Control-Request-Headers"));
        }
    }

    private FullHttpResponse error(ResponseEntity<?> answer) {
        return response(HttpResponseStatus.valueOf(answer.getStatusCode().value()), answers.writeValueAsBytes(answer.getBody()));
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        return response;
    }

    private static Exception unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof Exception e ? e : new IllegalStateException(cause);
    }
}
