package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.watchdog.agent.hosts.RedisUrls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The real Redis of the fleet tests: required in CI, skipped with a message elsewhere when absent. */
final class FleetRedis {

    static final String URL = "redis://127.0.0.1:6379";
    static final byte[] SECRET = "fleet-test-secret".getBytes(StandardCharsets.UTF_8);

    private FleetRedis() {
    }

    static void assumePresent() {
        boolean present;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            present = true;
        } catch (IOException e) {
            present = false;
        }
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(present, "no Redis on 127.0.0.1:6379; skipped (runs when CI=true)");
        }
    }

    static String uniqueFleet(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static FleetSettings settings(String url, String fleet, String member, Duration interval, Duration timeout) {
        return new FleetSettings(url, fleet, member, 3, SECRET, interval, timeout);
    }

    /** A plain connection of the test's own, for what a member never does (forging, cleaning up). */
    static RespConnection connect() throws IOException {
        return RespConnection.open(RedisUrls.parse(URL, null), Duration.ofSeconds(2), new FleetTraffic(), "watchdog-fleet-test");
    }

    static void publish(String channel, String text) throws IOException {
        try (RespConnection c = connect()) {
            c.call(List.<String[]>of(new String[] {"PUBLISH", channel, text}));
        }
    }

    /** Deletes every key of the fleet. */
    static void deleteKeys(String fleet) throws IOException {
        try (RespConnection c = connect()) {
            Object keys = c.call(List.<String[]>of(new String[] {"KEYS", "watchdog:fleet:" + fleet + ":*"})).get(0);
            if (keys instanceof List<?> l && !l.isEmpty()) {
                List<String> del = new ArrayList<>();
                del.add("DEL");
                l.forEach(k -> del.add((String) k));
                c.call(List.<String[]>of(del.toArray(new String[0])));
            }
        }
    }

    /** Keys of the fleet still in Redis. */
    static long keyCount(String fleet) throws IOException {
        try (RespConnection c = connect()) {
            Object keys = c.call(List.<String[]>of(new String[] {"KEYS", "watchdog:fleet:" + fleet + ":*"})).get(0);
            return keys instanceof List<?> l ? l.size() : 0;
        }
    }

    /** Fleet threads still alive whose name contains the text. */
    static List<String> fleetThreads(String fleet) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("watchdog-fleet-") && t.getName().contains(fleet)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
