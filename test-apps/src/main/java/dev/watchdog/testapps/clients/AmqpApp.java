package dev.watchdog.testapps.clients;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.watchdog.testapps.Calls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's Java client (amqp-client 5) as applications use it: one long-lived connection, with
 * automatic recovery on (the client's default; every 500 ms here), and one channel shared by the
 * calls. Kinds: {@code publish} ({@code basicPublish} to a queue of its own), {@code rpc}
 * ({@code queueDeclarePassive}, a synchronous RPC), {@code get} ({@code basicGet}, an RPC), and
 * {@code connect} (a new connection, without recovery, opened and closed: the connect path), and
 * {@code connect-nio} (the same with the client's NIO mode, {@code useNio()}).
 * The queue is not exclusive (it survives the connection's loss and recovery) and expires a minute
 * after its last use.
 *
 * <p>Usage: {@code AmqpApp <host:port> <periodMs> <maxSeconds> [kind,kind...]} (default: every kind).
 * The first line, {@code LIB amqp-client <version>}, says which client ran.
 */
public final class AmqpApp {

    public static final List<String> CHANNEL_KINDS = List.of("publish", "rpc", "get");
    public static final List<String> CONNECT_KINDS = List.of("connect", "connect-nio");
    public static final List<String> KINDS = List.of("publish", "rpc", "get", "connect", "connect-nio");
    private static final int TIMEOUT_MS = 3_000;

    private final ConnectionFactory newConnections;
    private final ConnectionFactory newNioConnections;
    private final Connection connection;
    private final Channel channel;
    private final String queue = "watchdog-e2e-" + ProcessHandle.current().pid();

    AmqpApp(String host, int port) throws Exception {
        ConnectionFactory factory = factory(host, port);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(500);
        connection = factory.newConnection("watchdog-e2e");
        channel = connection.createChannel();
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 60_000));
        newConnections = factory(host, port);
        newConnections.setAutomaticRecoveryEnabled(false);
        newNioConnections = factory(host, port);
        newNioConnections.setAutomaticRecoveryEnabled(false);
        newNioConnections.useNio();
    }

    private static ConnectionFactory factory(String host, int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(TIMEOUT_MS);
        factory.setHandshakeTimeout(TIMEOUT_MS);
        return factory;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AmqpApp <host:port> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        Calls.print("LIB amqp-client " + ConnectionFactory.class.getPackage().getImplementationVersion()
                + " " + ConnectionFactory.class.getProtectionDomain().getCodeSource().getLocation());
        int colon = args[0].lastIndexOf(':');
        AmqpApp app = new AmqpApp(args[0].substring(0, colon), Integer.parseInt(args[0].substring(colon + 1)));
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.close();
    }

    /** The connection's threads are not daemons: a real application closes it too. */
    void close() {
        try {
            connection.close(TIMEOUT_MS);
        } catch (Exception e) {
            connection.abort(TIMEOUT_MS);
        }
    }

    private Calls.Call call(String kind) {
        return switch (kind) {
            case "publish" -> () -> channel.basicPublish("", queue, MessageProperties.TEXT_PLAIN,
                    "hello".getBytes(StandardCharsets.UTF_8));
            case "rpc" -> () -> channel.queueDeclarePassive(queue);
            case "get" -> () -> channel.basicGet(queue, true);
            case "connect" -> () -> {
                try (Connection c = newConnections.newConnection("watchdog-e2e-connect")) {
                    c.getServerProperties();
                }
            };
            case "connect-nio" -> () -> {
                try (Connection c = newNioConnections.newConnection("watchdog-e2e-connect-nio")) {
                    c.getServerProperties();
                }
            };
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
