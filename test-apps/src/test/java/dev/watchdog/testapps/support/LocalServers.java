package dev.watchdog.testapps.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The shared servers of this machine (never stopped by a test: outages are made with a proxy in
 * front). A test needing one is skipped, with a message saying so, when it is not running, except
 * on CI ({@code CI=true}), where a missing server is a failure.
 */
public final class LocalServers {

    public static final int POSTGRES_PORT = 5432;
    public static final int MARIADB_PORT = 3306;
    public static final int REDIS_PORT = 6379;
    public static final int RABBITMQ_PORT = 5672;

    private LocalServers() {
    }

    /** PostgreSQL on 127.0.0.1:5432, trust auth, database {@code test}, user {@code postgres}. */
    public static void requirePostgres() {
        require("PostgreSQL", POSTGRES_PORT);
    }

    /** MariaDB on 127.0.0.1:3306, user root with an empty password, database {@code test}. */
    public static void requireMariaDb() {
        require("MariaDB", MARIADB_PORT);
    }

    /** Redis on 127.0.0.1:6379, no password. */
    public static void requireRedis() {
        require("Redis", REDIS_PORT);
    }

    /** RabbitMQ on 127.0.0.1:5672, guest/guest, vhost {@code /}. */
    public static void requireRabbitMq() {
        require("RabbitMQ", RABBITMQ_PORT);
    }

    private static void require(String name, int port) {
        if (reachable(port)) {
            return;
        }
        String message = name + " is not running on 127.0.0.1:" + port;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: the test must run; .ci/run starts it)");
        }
        assumeTrue(false, message + ": test skipped (start it, or run on CI where it is started)");
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
