package dev.watchdog.testapps.clients;

import dev.watchdog.testapps.Calls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ValidationDepth;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Netty and what sits on it, each calling its target every period (output as {@link Calls}, except
 * that a failure's message is the agent's rejection wherever it sits in the cause chain: a client may
 * wrap it, as r2dbc-postgresql wraps a failed connect in "Cannot connect to ...", and the line still
 * names the exception the application sees, a nested class with its outer class). Kinds:
 * <ul>
 *   <li>{@code netty-connect}: plain Netty ({@code Bootstrap}, HttpClientCodec), a new channel per GET;</li>
 *   <li>{@code netty-keepalive}: plain Netty, one keep-alive channel reused for every GET (a new one only
 *       when it closed); a request whose write failed on the open channel fails with {@link WriteFailed};</li>
 *   <li>{@code reactor-netty}: Reactor Netty's HttpClient on its own connection pool;</li>
 *   <li>{@code webclient}: Spring's WebClient on Reactor Netty (ReactorClientHttpConnector), its own pool;</li>
 *   <li>{@code r2dbc}: r2dbc-postgresql, one connection reused for {@code SELECT 1} (a new one when it
 *       closed or failed);</li>
 *   <li>any HTTP kind with {@code -cold}: the same client against the second (cold) URL.</li>
 * </ul>
 * The transport: epoll when Netty's native epoll is available (the default with
 * netty-transport-native-epoll's linux-x86_64 jar), else NIO ({@code -Dio.netty.transport.noNative=true});
 * each kind prints {@code TRANSPORT <kind> <channel class>} with the first channel it really used.
 *
 * <p>The run ends at {@code maxSeconds}, or as soon as the file {@code -Dnetty.app.stop} names exists.
 *
 * <p>Usage: {@code NettyClientsApp <url> <periodMs> <maxSeconds> <kind,kind...> [postgresHost:port|-] [coldUrl]}.
 */
public final class NettyClientsApp {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String REJECTION = "watchdog: circuit open for ";

    private final URI uri;
    private final URI coldUri;
    private final String postgres;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final Bootstrap bootstrap;
    private final HttpClient reactorNetty;
    private final WebClient webClient;
    private final Set<String> transportsShown = ConcurrentHashMap.newKeySet();
    private Channel keepAlive;
    private PostgresqlConnection r2dbc;
    private PostgresqlConnectionFactory r2dbcFactory;

    NettyClientsApp(URI uri, URI coldUri, String postgres) {
        this.uri = uri;
        this.coldUri = coldUri;
        this.postgres = postgres;
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new Responses());
                    }
                });
        reactorNetty = httpClient("reactor-netty");
        webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient("webclient"))).build();
    }

    private HttpClient httpClient(String kind) {
        ConnectionProvider pool = ConnectionProvider.builder(kind).maxConnections(50)
                .pendingAcquireTimeout(TIMEOUT).build();
        return HttpClient.create(pool).responseTimeout(TIMEOUT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
                .doOnConnected(c -> transport(kind, c.channel()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: NettyClientsApp <url> <periodMs> <maxSeconds> <kind,kind...> [postgresHost:port|-] [coldUrl]");
            System.exit(2);
        }
        // Netty's leak reports ("LEAK:") go to stderr through JUL, whatever SLF4J finds on the class path
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        Calls.print("LIB netty " + io.netty.util.Version.identify().get("netty-transport").artifactVersion() + " "
                + (Epoll.isAvailable() ? "epoll" : "nio"));
        Calls.print("LIB reactor-netty " + jarOf(HttpClient.class) + " " + jarOf(reactor.core.publisher.Mono.class));
        Calls.print("LIB spring-webflux " + WebClient.class.getPackage().getImplementationVersion() + " " + jarOf(WebClient.class));
        Calls.print("LIB r2dbc-postgresql " + jarOf(PostgresqlConnectionFactory.class));
        String postgres = args.length > 4 && !args[4].equals("-") ? args[4] : null;
        URI cold = args.length > 5 ? URI.create(args[5]) : null;
        NettyClientsApp app = new NettyClientsApp(URI.create(args[0]), cold, postgres);
        List<String> kinds = List.of(args[3].split(","));
        long periodMs = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        String stop = System.getProperty("netty.app.stop");   // the test ends the run early by creating this file
        while (System.nanoTime() < deadline && (stop == null || !Files.exists(Path.of(stop)))) {
            for (String kind : kinds) {
                fork(kind, app.call(kind));
            }
            Thread.sleep(periodMs);
        }
        app.close();
        Calls.print("DONE");
        System.out.flush();
    }

    private static String jarOf(Class<?> type) {
        String path = String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Daemon threads, as {@link Calls#fork}'s: a call stuck on a dead server holds only its own. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "call");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@link Calls#timed}'s line, except the message of a failure: the agent's rejection wherever it is in
     * the cause chain (else the failure's own first line); the class named is the one the application sees.
     */
    private static void fork(String kind, Calls.Call call) {
        POOL.execute(() -> {
            if (Boolean.getBoolean("testapps.calls.begin")) {
                Calls.print("BEGIN " + kind);   // as Calls does: the proof table tells a call still waiting from one never made
            }
            long start = System.nanoTime();
            try {
                call.run();
                Calls.print("CALL " + kind + " OK " + micros(start) + "us");
            } catch (Throwable failed) {
                long micros = micros(start);
                Throwable seen = failed instanceof RuntimeException ? Exceptions.unwrap(failed) : failed;
                if (seen instanceof java.util.concurrent.ExecutionException && seen.getCause() != null) {
                    seen = seen.getCause();
                }
                String message = firstLine(seen.getMessage());
                for (Throwable t = seen; t != null; t = t.getCause()) {
                    if (t.getMessage() != null && t.getMessage().startsWith(REJECTION)) {
                        message = firstLine(t.getMessage());
                        break;
                    }
                }
                // nested classes keep their outer class: r2dbc has two PostgresConnectionException, the connect's and the client's
                String name = seen.getClass().getName().substring(seen.getClass().getName().lastIndexOf('.') + 1);
                Calls.print("CALL " + kind + " FAIL " + name + " " + micros + "us " + message);
            }
        });
    }

    private static long micros(long startNanos) {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private Calls.Call call(String kind) {
        boolean isCold = kind.endsWith("-cold");
        URI target = isCold ? coldUri : uri;
        String base = isCold ? kind.substring(0, kind.length() - "-cold".length()) : kind;
        return switch (base) {
            case "netty-connect" -> () -> nettyConnect(kind, target);
            case "netty-keepalive" -> this::nettyKeepAlive;
            case "reactor-netty" -> () -> check(reactorNetty.get().uri(target.resolve("/api").toString())
                    .responseSingle((r, body) -> body.asString().defaultIfEmpty("").map(b -> r.status().code()))
                    .block(TIMEOUT.plusSeconds(1)));
            case "webclient" -> () -> check(webClient.get().uri(target.resolve("/api")).retrieve().toBodilessEntity()
                    .block(TIMEOUT.plusSeconds(1)).getStatusCode().value());
            case "r2dbc" -> this::r2dbcSelect;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    void nettyConnect(String kind, URI target) throws Exception {
        ChannelFuture connected = bootstrap.connect(target.getHost(), target.getPort());
        if (!connected.await(TIMEOUT.toMillis() + 1_000)) {
            connected.channel().close();
            throw new TimeoutException("connect");
        }
        if (!connected.isSuccess()) {
            throw asException(connected.cause());
        }
        Channel ch = connected.channel();
        transport(kind, ch);
        try {
            check(get(ch, target).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            ch.close();
        }
    }

    void nettyKeepAlive() throws Exception {
        Channel ch;
        synchronized (this) {
            if (keepAlive == null || !keepAlive.isActive()) {
                ChannelFuture connected = bootstrap.connect(uri.getHost(), uri.getPort());
                if (!connected.await(TIMEOUT.toMillis() + 1_000) || !connected.isSuccess()) {
                    connected.channel().close();
                    throw connected.cause() == null ? new TimeoutException("connect") : asException(connected.cause());
                }
                keepAlive = connected.channel();
                transport("netty-keepalive", keepAlive);
            }
            ch = keepAlive;
        }
        // A call that timed out stays queued: its late answer (a blackhole heals) completes it, in order;
        // a write that failed left the queue. So the channel is kept until it closes, as keep-alive clients do.
        check(get(ch, uri).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Sends a GET on the channel: the future completes with the status, or fails with the write's or the channel's failure. */
    private static CompletableFuture<Integer> get(Channel ch, URI target) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Responses responses = ch.pipeline().get(Responses.class);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api");
        request.headers().set(HttpHeaderNames.HOST, target.getHost() + ":" + target.getPort());
        synchronized (responses) {
            responses.waiting.add(status);
            ch.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    responses.waiting.remove(status);
                    status.completeExceptionally(new WriteFailed(written.cause()));
                }
            });
        }
        return status;
    }

    /** The request's write failed on a channel that was open (its cause says why): the line tells it from a failed connect. */
    static final class WriteFailed extends IOException {
        WriteFailed(Throwable cause) {
            super("write failed: " + cause, cause);
        }
    }

    /** Completes the calls waiting on a channel in order; fails them all when it closes. */
    private static final class Responses extends SimpleChannelInboundHandler<FullHttpResponse> {
        final Queue<CompletableFuture<Integer>> waiting = new ConcurrentLinkedQueue<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Integer> first = waiting.poll();
            if (first != null) {
                first.complete(response.status().code());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (CompletableFuture<Integer> f; (f = waiting.poll()) != null; ) {
                f.completeExceptionally(new ClosedChannelException());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            for (CompletableFuture<Integer> f; (f = waiting.poll()) != null; ) {
                f.completeExceptionally(cause);
            }
            ctx.close();
        }
    }

    void r2dbcSelect() throws Exception {
        PostgresqlConnection connection;
        synchronized (this) {
            if (r2dbc == null) {
                if (r2dbcFactory == null) {
                    int colon = postgres.lastIndexOf(':');
                    r2dbcFactory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                            .host(postgres.substring(0, colon)).port(Integer.parseInt(postgres.substring(colon + 1)))
                            .username("postgres").password("test").database("test").connectTimeout(TIMEOUT).build());
                }
                r2dbc = r2dbcFactory.create().block(TIMEOUT.plusSeconds(1));
                transport("r2dbc", channelOf(r2dbc));
            }
            connection = r2dbc;
        }
        try {
            Integer one = connection.createStatement("SELECT 1").execute()
                    .flatMap(result -> result.map((row, meta) -> row.get(0, Integer.class)))
                    .next().block(TIMEOUT);
            if (one == null || one != 1) {
                throw new IOException("SELECT 1 gave " + one);
            }
        } catch (RuntimeException failed) {
            // kept while r2dbc still calls it usable (a pool's validation); a closed one is replaced by the next call
            if (!Boolean.TRUE.equals(connection.validate(ValidationDepth.LOCAL).block(TIMEOUT))) {
                synchronized (this) {
                    if (r2dbc == connection) {
                        r2dbc = null;
                        connection.close().subscribe(v -> { }, e -> { });
                    }
                }
            }
            throw failed;
        }
    }

    /** The Netty channel under an r2dbc-postgresql connection (its client's Reactor Netty connection), or null. */
    private static Channel channelOf(PostgresqlConnection connection) {
        try {
            Object client = field(connection, "client");
            Object reactorConnection = field(client, "connection");
            return ((reactor.netty.Connection) reactorConnection).channel();
        } catch (ReflectiveOperationException | RuntimeException unknownLayout) {
            return null;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException next) {
                // the superclass may have it
            }
        }
        throw new NoSuchFieldException(name);
    }

    private void transport(String kind, Channel channel) {
        if (transportsShown.add(kind)) {
            Calls.print("TRANSPORT " + kind + " " + (channel == null ? "unknown" : channel.getClass().getSimpleName()));
        }
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new RuntimeException(t);
    }

    private static void check(int status) throws IOException {
        if (status / 100 != 2) {
            throw new IOException("status " + status);
        }
    }

    /**
     * Closes what it opened; first, with {@code -Dio.netty.leakDetection.level=paranoid}, gives the leak
     * detector its chance: buffers lost are collected, and the next allocations report them ("LEAK:").
     */
    void close() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            List<io.netty.buffer.ByteBuf> buffers = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                buffers.add(ByteBufAllocator.DEFAULT.buffer(16));
            }
            buffers.forEach(io.netty.buffer.ByteBuf::release);
        }
        synchronized (this) {
            if (r2dbc != null) {
                r2dbc.close().subscribe(v -> { }, e -> { });
            }
            if (keepAlive != null) {
                keepAlive.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
