package dev.watchdog.agent;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.apacheasync.ApacheAsyncInstrumentation;
import dev.watchdog.agent.instrument.apachehttp.ApacheHttpClientInstrumentation;
import dev.watchdog.agent.instrument.grpc.GrpcInstrumentation;
import dev.watchdog.agent.instrument.jdbc.JdbcInstrumentation;
import dev.watchdog.agent.instrument.jdkhttp.JdkHttpClientInstrumentation;
import dev.watchdog.agent.instrument.jedis.JedisInstrumentation;
import dev.watchdog.agent.instrument.kafka.KafkaInstrumentation;
import dev.watchdog.agent.instrument.lettuce.LettuceInstrumentation;
import dev.watchdog.agent.instrument.mongodb.MongoDbInstrumentation;
import dev.watchdog.agent.instrument.netty.NettyInstrumentation;
import dev.watchdog.agent.instrument.okhttp.OkHttpInstrumentation;
import dev.watchdog.agent.instrument.pool.PoolInstrumentation;
import dev.watchdog.agent.instrument.rabbitmq.RabbitMqInstrumentation;
import dev.watchdog.agent.instrument.reactornetty.ReactorNettyInstrumentation;
import dev.watchdog.agent.instrument.socket.SocketInstrumentation;
import dev.watchdog.agent.instrument.urlconnection.UrlConnectionInstrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Every library the agent instruments, under the switch that enables it. Adding a library is adding
 * it here: the start line, the name pre-filter and the install all read this list.
 */
public final class Libraries {

    private static final List<LibraryInstrumentation> JDBC = List.of(new JdbcInstrumentation(), new PoolInstrumentation());
    private static final List<LibraryInstrumentation> HTTP = List.of(new JdkHttpClientInstrumentation(),
            new UrlConnectionInstrumentation(), new OkHttpInstrumentation(), new ApacheHttpClientInstrumentation(),
            new ApacheAsyncInstrumentation());
    /** The clients of modern services: Netty and what sits on it, Redis, gRPC, RabbitMQ, MongoDB, Kafka. */
    private static final List<LibraryInstrumentation> CLIENTS = List.of(new ReactorNettyInstrumentation(), new NettyInstrumentation(),
            new LettuceInstrumentation(), new JedisInstrumentation(), new GrpcInstrumentation(), new RabbitMqInstrumentation(),
            new MongoDbInstrumentation(), new KafkaInstrumentation());
    private static final List<LibraryInstrumentation> SOCKET = List.of(new SocketInstrumentation());

    private Libraries() {
    }

    public static List<LibraryInstrumentation> all() {
        List<LibraryInstrumentation> all = new ArrayList<>(JDBC);
        all.addAll(HTTP);
        all.addAll(CLIENTS);
        all.addAll(SOCKET);
        return List.copyOf(all);
    }

    /** The libraries {@code watchdog.jdbc/http/clients/socket.enabled} switch on, in install order. */
    public static List<LibraryInstrumentation> enabledBy(AgentConfig config) {
        List<LibraryInstrumentation> enabled = new ArrayList<>();
        if (config.jdbcEnabled()) {
            enabled.addAll(JDBC);
        }
        if (config.httpEnabled()) {
            enabled.addAll(HTTP);
        }
        if (config.clientsEnabled()) {
            enabled.addAll(CLIENTS);
        }
        if (config.socketEnabled()) {
            enabled.addAll(SOCKET);
        }
        return List.copyOf(enabled);
    }
}
