package dev.watchdog.testapps.clients;

import dev.watchdog.testapps.Calls;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.Transports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The Redis clients applications really use, each calling {@code PING} on one server every period
 * (output as {@link Calls}). Lettuce, on one long-lived connection as Spring Data Redis holds it:
 * {@code lettuce-sync}, {@code lettuce-async} (the future's failure is the call's), {@code lettuce-reactive}
 * ({@code Mono#block}); {@code lettuce-connect}, a new connection for every call (connect, PING, close).
 * Jedis: {@code jedis-pool} ({@code JedisPool#getResource}), {@code jedis-client} (the pooled
 * {@code redis.clients.jedis.RedisClient}, formerly {@code JedisPooled}), {@code jedis-connect}
 * ({@code new Jedis(host, port)}, PING, close). {@code jedis-own}: the same PING through a {@code JedisPool}
 * of its own, made as the agent's own work
 * ({@code AgentWork.begin()}, on the bootstrap class path with the agent, as the agent's health checks run), never to be rejected. Lettuce's command timeout is 5 s, Jedis' socket timeout its default 2 s.
 *
 * <p>Usage: {@code RedisClientsApp <host:port> <periodMs> <maxSeconds> [kind,kind...]} (default: every kind).
 * The first lines, {@code LIB lettuce <version> <channel class>} and {@code LIB jedis <jar> socket}, say
 * which versions and which Netty transport ran ({@code -Dio.lettuce.core.epoll=false} for NIO).
 */
public final class RedisClientsApp {

    public static final List<String> LETTUCE_KINDS = List.of("lettuce-sync", "lettuce-async", "lettuce-reactive", "lettuce-connect");
    public static final List<String> JEDIS_KINDS = List.of("jedis-pool", "jedis-client", "jedis-connect");
    public static final List<String> KINDS = Stream.concat(LETTUCE_KINDS.stream(), JEDIS_KINDS.stream()).toList();
    /** Calls made as the agent's own work (inside an {@code dev.watchdog.bootstrap.AgentWork} scope), which the agent must never reject. */
    public static final List<String> OWN_KINDS = List.of("jedis-own");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final List<String> kinds;
    private RedisClient lettuce;
    private StatefulRedisConnection<String, String> connection;
    private JedisPool jedisPool;
    private JedisPool ownPool;
    private redis.clients.jedis.RedisClient jedisClient;

    RedisClientsApp(String host, int port, List<String> kinds) {
        this.host = host;
        this.port = port;
        this.kinds = kinds;
        if (kinds.stream().anyMatch(k -> k.startsWith("lettuce-"))) {
            // a steady reconnect delay (Lettuce's default backs off to 30 s): recovery is then seen within the tests' bounds
            lettuce = RedisClient.create(DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(200))).build(),
                    RedisURI.builder().withHost(host).withPort(port).withTimeout(TIMEOUT).build());
            connection = connectWithRetries();
        }
        if (kinds.contains("jedis-own")) {
            ownPool = new JedisPool(new JedisPoolConfig(), host, port);   // its own: calls stuck on a dead server must not starve jedis-pool
        }
        if (kinds.contains("jedis-pool")) {
            jedisPool = new JedisPool(new JedisPoolConfig(), host, port);
        }
        if (kinds.contains("jedis-client")) {
            jedisClient = redis.clients.jedis.RedisClient.create(host, port);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RedisClientsApp <host:port> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        Calls.print("LIB lettuce " + RedisClient.class.getPackage().getImplementationVersion() + " " + Transports.socketChannelClass().getName());
        Calls.print("LIB jedis " + Jedis.class.getProtectionDomain().getCodeSource().getLocation() + " socket");
        int colon = args[0].lastIndexOf(':');
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        RedisClientsApp app = new RedisClientsApp(args[0].substring(0, colon), Integer.parseInt(args[0].substring(colon + 1)), kinds);
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.close();
    }

    void close() {
        if (connection != null) {
            connection.closeAsync();
            lettuce.shutdownAsync(0, 1, TimeUnit.SECONDS);   // its own resources: shut down with it
        }
        if (jedisPool != null) {
            jedisPool.close();
        }
        if (ownPool != null) {
            ownPool.close();
        }
        if (jedisClient != null) {
            jedisClient.close();
        }
    }

    private Calls.Call call(String kind) {
        return switch (kind) {
            case "lettuce-sync" -> () -> check(connection.sync().ping());
            case "lettuce-async" -> () -> check(connection.async().ping().get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            case "lettuce-reactive" -> () -> check(connection.reactive().ping().block(TIMEOUT.multipliedBy(2)));
            case "lettuce-connect" -> this::lettuceConnect;
            case "jedis-pool" -> () -> {
                try (Jedis jedis = jedisPool.getResource()) {
                    check(jedis.ping());
                }
            };
            case "jedis-client" -> () -> check(jedisClient.ping());
            case "jedis-own" -> () -> asAgent(() -> {
                try (Jedis jedis = ownPool.getResource()) {
                    check(jedis.ping());
                }
            });
            case "jedis-connect" -> () -> {
                try (Jedis jedis = new Jedis(host, port)) {
                    check(jedis.ping());
                }
            };
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    /** The agent's {@code AgentWork.begin()}, by name: the application is not compiled against the agent. */
    /**
     * The long-lived connection, retried as a service does at start: on a loaded machine the agent's
     * first check may time out, and the open breaker then rejects this connect too.
     */
    private StatefulRedisConnection<String, String> connectWithRetries() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return lettuce.connect();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Calls.print("START lettuce connect failed: " + e);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void asAgent(Calls.Call call) throws Exception {
        try (AutoCloseable ignored = (AutoCloseable) Class.forName("dev.watchdog.bootstrap.AgentWork").getMethod("begin").invoke(null)) {
            call.run();
        }
    }

    private void lettuceConnect() {
        try (StatefulRedisConnection<String, String> fresh = lettuce.connect()) {
            check(fresh.sync().ping());
        }
    }

    private static void check(String reply) {
        if (!"PONG".equals(reply)) {
            throw new IllegalStateException("unexpected reply " + reply);
        }
    }
}
