package dev.ddb.coordinator.api;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One event loop's connections to the leader's front, which carry the writes a follower forwards: on the loop that
 * read the client's request, so a forwarded write costs no thread hand-off, over a few kept-alive connections with
 * HTTP/1.1 pipelining (the front answers each connection's requests in order), so a busy follower needs no
 * connection per write in flight. Touched by its event loop only.
 *
 * <p>The JDK's HTTP client did this job before: measured with 64 clients on a 2-core machine, writes through the
 * follower reached a sixth to a ninth of the leader's own throughput, the hand-offs between its selector thread,
 * its executor and the event loop costing more than the write.
 */
final class LeaderConnections {

    /** What the leader answered: its HTTP status and body. */
    record Answer(int status, byte[] body) {
    }

    /** The connection was refused or failed before the request was written: the leader never saw it. */
    static final class NotSent extends Exception {
        NotSent(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The connection ended or the time ran out after the request was written: the leader may have run it. */
    static final class Lost extends Exception {
        Lost(String message) {
            super(message);
        }
    }

    /** Answers owed on every connection before another is opened. */
    private static final int SPREAD = 4;
    private static final int MAX_CONNECTIONS = 8;
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    /** Below the front's own idle timeout (60 s), so the leader never closes a connection a request is on its way on. */
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final EventLoop loop;
    private final Duration timeout;
    private URI leader;
    private final List<Link> links = new ArrayList<>();

    LeaderConnections(EventLoop loop, Duration timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Event loops of the kind this class connects from: epoll where the platform has it, as the front's. */
    static EventLoopGroup loops(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * Sends a POST to the leader at {@code base} and completes with its answer, or with {@link NotSent} or {@link Lost}.
     * Connections to an earlier leader are closed first. Called on this object's event loop.
     */
    CompletableFuture<Answer> post(URI base, String path, byte[] body, String authorization) {
        if (!base.equals(leader)) {
            List.copyOf(links).forEach(link -> link.channel.close());
            links.clear();
            leader = base;
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, base.getRawAuthority())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        Exchange exchange = new Exchange(request);
        exchange.deadline = loop.schedule(exchange::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        choose().send(exchange);
        return exchange.answer;
    }

    /**
     * The connection with the fewest answers owed; a new one while each has {@value #SPREAD} or more owed and there
     * may be more, so that the leader's event loops share the work (each serves whole connections).
     */
    private Link choose() {
        Link least = null;
        for (Link link : links) {
            if (least == null || link.owed() < least.owed()) {
                least = link;
            }
        }
        return least == null || least.owed() >= SPREAD && links.size() < MAX_CONNECTIONS ? connect() : least;
    }

    private Link connect() {
        Link link = new Link();
        links.add(link);
        boolean epoll = Epoll.isAvailable();
        ChannelFuture connecting = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new IdleStateHandler(0, 0, IDLE.toSeconds(), TimeUnit.SECONDS),
                                new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES), link);
                    }
                })
                .connect(leader.getHost(), leader.getPort());
        link.channel = connecting.channel();
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                link.connected();
            } else {
                link.refused(done.cause());
            }
        });
        return link;
    }

    /** One write on its way: its request until written, then its answer. */
    private final class Exchange {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        FullHttpRequest request;
        ScheduledFuture<?> deadline;

        Exchange(FullHttpRequest request) {
            this.request = request;
        }

        void complete(Answer done) {
            deadline.cancel(false);
            answer.complete(done);
        }

        void timedOut() {
            String why = "no answer in " + timeout.toSeconds() + " s";
            fail(request != null ? new NotSent(new ConnectException(why + ", not connected")) : new Lost(why));
        }

        void fail(Exception failure) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (request != null) {
                request.release();
                request = null;
            }
            answer.completeExceptionally(failure);
        }
    }

    /** One connection: requests waiting for it to connect, then requests written and owed an answer, in order. */
    private final class Link extends SimpleChannelInboundHandler<FullHttpResponse> {
        Channel channel;
        private boolean connected;
        private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        private final ArrayDeque<Exchange> written = new ArrayDeque<>();

        int owed() {
            return waiting.size() + written.size();
        }

        void send(Exchange exchange) {
            if (connected) {
                write(exchange);
            } else {
                waiting.add(exchange);
            }
        }

        private void write(Exchange exchange) {
            if (exchange.answer.isDone()) {
                // Timed out before its connection was up.
                exchange.fail(new Lost("gave up"));
                return;
            }
            written.add(exchange);
            FullHttpRequest request = exchange.request;
            exchange.request = null;
            channel.writeAndFlush(request);
        }

        void connected() {
            connected = true;
            while (!waiting.isEmpty()) {
                write(waiting.poll());
            }
        }

        void refused(Throwable cause) {
            links.remove(this);
            Exception reason = cause instanceof ConnectException connect ? connect
                    : new ConnectException("cannot connect to " + leader + ": " + cause);
            while (!waiting.isEmpty()) {
                waiting.poll().fail(new NotSent(reason));
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = written.poll();
            if (exchange != null) {
                exchange.complete(new Answer(response.status().code(), ByteBufUtil.getBytes(response.content())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            links.remove(this);
            while (!written.isEmpty()) {
                written.poll().fail(new Lost("the connection closed before the answer"));
            }
            while (!waiting.isEmpty()) {
                waiting.poll().fail(new NotSent(new ConnectException("the connection closed before the request was sent")));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && owed() == 0) {
                links.remove(this);
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
