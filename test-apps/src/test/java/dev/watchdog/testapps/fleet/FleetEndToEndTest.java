package dev.watchdog.testapps.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentCli;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Fleet mode end to end: four JVMs running a JDBC application against the local PostgreSQL, each with the agent
 * configured as a user would ({@code jdbc:postgresql:} check, {@code watchdog.fleet.redis}, the secret from
 * {@code ${env:WATCHDOG_FLEET_SECRET}}, two probers), sharing the local Redis through a proxy. Three reach the
 * database through one proxy, the fourth through its own, so that it alone can be cut off. In one walk: the members
 * see each other and agree on the probers; forged votes (unsigned, and signed with another key) on the channel and
 * in the vote hash are ignored and counted; a database outage opens every member and its end closes them; a
 * partition of one member opens it alone (its /health says so) while the others stay UP; a prober killed with
 * SIGKILL loses its duty to another member within its registration's expiry; Redis blackholed makes every member
 * probe on its own within an interval while no application call waits.
 */
class FleetEndToEndTest {

    private static final String SECRET = "fleet-e2e-secret-" + UUID.randomUUID();
    private static final String SECRET_ENV = "WATCHDOG_FLEET_SECRET";
    private static final int PROBERS = 2;
    private static final Duration MEMBERS_SEE_EACH_OTHER = Duration.ofSeconds(25);
    /** interval + fleet timeout + a margin: fallback and duty moves are judged against it. */
    private static final Duration ONE_INTERVAL_AND_MARGIN = Duration.ofMillis(WatchdogConfig.INTERVAL_MS + 300 + 2_000);
    /** A registration expires 3 intervals after its last refresh; duty then moves at the next read of the members. */
    private static final Duration EXPIRY_AND_MARGIN = Duration.ofMillis(3 * WatchdogConfig.INTERVAL_MS + 2 * WatchdogConfig.INTERVAL_MS + 2_000);

    @TempDir
    Path dir;
    private final String fleet = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TcpProxy shared;
    private TcpProxy lonely;
    private TcpProxy redis;
    private final List<Member> members = new ArrayList<>();

    private record Member(String name, ChildJvm jvm, int statusPort, TcpProxy db) {
    }

    @BeforeEach
    void servers() throws Exception {
        LocalServers.requirePostgres();
        LocalServers.requireRedis();
        shared = new TcpProxy(LocalServers.POSTGRES_PORT);
        lonely = new TcpProxy(LocalServers.POSTGRES_PORT);
        redis = new TcpProxy(LocalServers.REDIS_PORT);
    }

    @AfterEach
    void stop() throws Exception {
        for (Member m : members) {
            m.jvm().close();
        }
        for (TcpProxy p : new TcpProxy[] {shared, lonely, redis}) {
            if (p != null) {
                p.close();
            }
        }
        try (Jedis jedis = new Jedis("127.0.0.1", LocalServers.REDIS_PORT)) {
            jedis.keys("watchdog:fleet:" + fleet + ":*").forEach(jedis::del);
        }
    }

    @Test
    void fourMembersShareDutyAndVerdictsAndFallBackWithoutRedis() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            members.add(start(name, shared));
        }
        members.add(start("d", lonely));
        Member d = members.get(3);

        // the members see each other and agree on who probes the database
        List<String> probers = null;
        for (Member m : members) {
            awaitStatus(m, s -> members(s).size() == 4, MEMBERS_SEE_EACH_OTHER, "4 members");
        }
        for (Member m : members) {
            String s = awaitStatus(m, x -> probers(x).size() == PROBERS, MEMBERS_SEE_EACH_OTHER, PROBERS + " probers of db");
            if (probers == null) {
                probers = probers(s);
            }
            assertEquals(probers, probers(s), m.name() + " sees other probers");
        }
        System.out.println("FLEET probers of db: " + probers);

        forgedVotesAreIgnored(probers);
        outageOpensEveryMemberAndRecoveryClosesThem();
        aPartitionedMemberOpensAlone(d);
        duty(probers);
        redisUnavailable();
        secretNeverShown();
    }

    /** The fleet's secret (from the environment) appears nowhere: the agent's log, the application's output, /status, /metrics, /health. */
    private void secretNeverShown() throws Exception {
        for (Member m : members) {
            List<String> surfaces = new ArrayList<>(List.of(status(m), get(m, "/metrics").body(), get(m, "/health").body()));
            m.jvm().stderr().forEach(l -> surfaces.add(l.text()));
            m.jvm().stdout().forEach(l -> surfaces.add(l.text()));
            surfaces.stream().filter(s -> s.contains(SECRET)).findFirst().ifPresent(s ->
                    fail(m.name() + " showed the fleet's secret: " + s));
        }
    }

    private void forgedVotesAreIgnored(List<String> probers) throws Exception {
        long now = System.currentTimeMillis();
        try (Jedis jedis = new Jedis("127.0.0.1", LocalServers.REDIS_PORT)) {
            for (String prober : probers) {
                String unsigned = "v1 " + fleet + " db " + prober + " DOWN " + now + " forged";
                String otherKey = unsigned + " " + "ab".repeat(32);
                jedis.hset("watchdog:fleet:" + fleet + ":votes:db", prober, otherKey);
                jedis.publish("watchdog:fleet:" + fleet + ":verdicts", unsigned);
                jedis.publish("watchdog:fleet:" + fleet + ":verdicts", otherKey);
            }
        }
        long since = System.nanoTime();
        for (Member m : members) {
            awaitStatus(m, s -> number(s, "unsigned") >= PROBERS && number(s, "bad-signature") >= PROBERS, ONE_INTERVAL_AND_MARGIN,
                    "forged votes counted");
        }
        FailFast.sleep(Duration.ofMillis(2 * WatchdogConfig.INTERVAL_MS));
        for (Member m : members) {
            assertFalse(m.jvm().lines(Stream.STDERR).stream().anyMatch(l -> l.nanos() > since && l.text().contains("state=DOWN")),
                    m.name() + " went DOWN on a forged vote\n" + m.jvm().describe());
        }
    }

    private void outageOpensEveryMemberAndRecoveryClosesThem() throws Exception {
        long switched = System.nanoTime();
        shared.refuse();
        lonely.refuse();
        for (Member m : members) {
            Line down = m.jvm().awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", m.db().hostPort()), switched, FailFast.DETECTION);
            m.jvm().awaitLine(Stream.STDOUT, CallLine.rejectionLine("connect", "SQLTransientConnectionException", m.db().hostPort()),
                    switched, FailFast.DETECTION);
            System.out.println("FLEET " + m.name() + " DOWN after " + (down.nanos() - switched) / 1_000_000 + " ms: " + down.text());
        }
        FailFast.sleep(FailFast.HOLD);
        long restored = System.nanoTime();
        shared.forward();
        lonely.forward();
        for (Member m : members) {
            Line up = m.jvm().awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", m.db().hostPort()), restored, FailFast.DETECTION);
            System.out.println("FLEET " + m.name() + " UP after " + (up.nanos() - restored) / 1_000_000 + " ms");
            m.jvm().awaitLine(Stream.STDOUT, CallLine.okLine("connect"), up.nanos(), FailFast.RECOVERY);
        }
    }

    private void aPartitionedMemberOpensAlone(Member d) throws Exception {
        long cut = System.nanoTime();
        lonely.refuse();
        d.jvm().awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", d.db().hostPort()), cut, FailFast.DETECTION);
        d.jvm().awaitLine(Stream.STDERR, AgentOutput.line("WARN health target=db this member alone cannot reach it"), cut,
                Duration.ofSeconds(8));
        HttpResponse<String> health = get(d, "/health");
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"alone\":[\"db\"]"), health.body());
        String metrics = get(d, "/metrics").body();
        assertTrue(metrics.contains("watchdog_fleet_alone{target=\"db\"} 1"), metrics);
        assertTrue(metrics.contains("watchdog_fleet_members{fleet=\"" + fleet + "\"} 4"), metrics);
        // the status command reads the Fleet MBean
        AgentCli.Result cli = AgentCli.run("status", Long.toString(d.jvm().pid()));
        assertEquals(0, cli.exit(), cli::toString);
        assertTrue(Pattern.compile("(?m)^fleet " + Pattern.quote(fleet) + ", member \\S+, mode FLEET, redis redis://127\\.0\\.0\\.1:\\d+/0 \\(up\\), 4 member\\(s\\)")
                .matcher(cli.stdout()).find(), cli::toString);
        assertTrue(Pattern.compile("(?m)^  db probers=\\S+ here=(true|false) fleet=UP source=own alone$").matcher(cli.stdout()).find(), cli::toString);
        for (Member m : members.subList(0, 3)) {
            assertFalse(m.jvm().lines(Stream.STDERR).stream().anyMatch(l -> l.nanos() > cut && l.text().contains("state=DOWN")),
                    m.name() + " opened with the partitioned member\n" + m.jvm().describe());
            assertEquals(200, get(m, "/health").statusCode(), m.name());
        }
        long healed = System.nanoTime();
        lonely.forward();
        d.jvm().awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", d.db().hostPort()), healed, FailFast.DETECTION);
    }

    /** A prober killed without a word: its registration expires and another member takes its duty. */
    private void duty(List<String> probers) throws Exception {
        Member victim = null;
        for (Member m : members.subList(0, 3)) {
            if (probers.contains(member(status(m)))) {
                victim = m;
                break;
            }
        }
        assertTrue(victim != null, "no prober among a, b, c: " + probers);
        String victimId = member(status(victim));
        long killed = System.nanoTime();
        victim.jvm().kill();
        members.remove(victim);
        for (Member m : members) {
            String s = awaitStatus(m, x -> members(x).size() == 3 && !probers(x).contains(victimId) && probers(x).size() == PROBERS,
                    EXPIRY_AND_MARGIN, "duty moved off " + victimId);
            System.out.println("FLEET duty moved off " + victimId + " after " + (System.nanoTime() - killed) / 1_000_000
                    + " ms at " + m.name() + ": probers " + probers(s));
        }
    }

    /** Redis blackholed: every member probes on its own within an interval, and no application call waits on Redis. */
    private void redisUnavailable() throws Exception {
        long cut = System.nanoTime();
        redis.blackhole();
        for (Member m : members) {
            Line alone = m.jvm().awaitLine(Stream.STDERR, AgentOutput.line("WARN fleet .*unreachable or slow"), cut, ONE_INTERVAL_AND_MARGIN);
            System.out.println("FLEET " + m.name() + " on its own probes " + (alone.nanos() - cut) / 1_000_000 + " ms after Redis was blackholed");
            awaitStatus(m, s -> s.contains("\"mode\":\"FALLBACK\""), Duration.ofSeconds(2), "FALLBACK");
        }
        FailFast.sleep(Duration.ofSeconds(2));
        long healed = System.nanoTime();
        redis.forward();
        for (Member m : members) {
            List<CallLine> during = CallLine.all(m.jvm()).stream().filter(c -> c.startNanos() > cut && c.endNanos() < healed).toList();
            assertTrue(during.size() >= 10, m.name() + " made " + during.size() + " calls while Redis was away");
            during.stream().filter(c -> !c.ok() || c.micros() > 1_000_000).findFirst().ifPresent(c ->
                    fail(m.name() + " had a call fail or wait while Redis was away: " + c + "\n" + m.jvm().describe()));
            m.jvm().awaitLine(Stream.STDERR, AgentOutput.line("INFO fleet .*reachable"), healed, Duration.ofSeconds(10));
        }
    }

    private Member start(String name, TcpProxy db) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = WatchdogConfig.fast()
                .target("db", "jdbc:postgresql://" + db.hostPort() + "/postgres")
                .set("watchdog.target.db.user", "postgres")
                .set("watchdog.target.db.password", "test")
                .set("watchdog.fleet.redis", "redis://" + redis.hostPort())
                .set("watchdog.fleet.name", fleet)
                .set("watchdog.fleet.probers", String.valueOf(PROBERS))
                .set("watchdog.fleet.secret", "${env:" + SECRET_ENV + "}")
                .set("watchdog.fleet.timeout", "300ms")
                .set("watchdog.status.port", String.valueOf(port))
                .write(Files.createTempDirectory(dir, name));
        ChildJvm jvm = Children.withAgent(JdbcApp.class, config)
                .env(SECRET_ENV, SECRET)
                .echo(line -> System.out.println("[" + name + "] " + line), line -> System.out.println("[" + name + "] stderr: " + line))
                .args("jdbc:postgresql://" + db.hostPort() + "/postgres", "postgres", "test", Children.PERIOD_MS, 90)
                .start();
        return new Member(name, jvm, port, db);
    }

    private HttpResponse<String> get(Member m, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.statusPort() + path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String status(Member m) throws Exception {
        return get(m, "/status").body();
    }

    private String awaitStatus(Member m, Predicate<String> condition, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = status(m);
                if (condition.test(last)) {
                    return last;
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(m.name() + ": no " + what + " within " + timeout + "; last status: " + last + "\n" + m.jvm().describe());
    }

    private static String member(String status) {
        return group(status, "\"member\":\"([^\"]+)\"");
    }

    private static List<String> members(String status) {
        return list(group(status, "\"members\":\\[([^\\]]*)\\]"));
    }

    private static List<String> probers(String status) {
        return list(group(status, "\"name\":\"db\",\"probers\":\\[([^\\]]*)\\]"));
    }

    private static long number(String status, String key) {
        String n = group(status, "\"" + Pattern.quote(key) + "\":(\\d+)");
        return n == null ? -1 : Long.parseLong(n);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> list(String items) {
        if (items == null || items.isBlank()) {
            return List.of();
        }
        return Arrays.stream(items.split(",")).map(s -> s.strip().replace("\"", "")).sorted().toList();
    }
}
