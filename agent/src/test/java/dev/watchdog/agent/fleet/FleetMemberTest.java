package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.health.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A small fleet of five members against the real Redis: membership, duty, quorum, forgery, fallback, leaving. */
class FleetMemberTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final String fleet = FleetRedis.uniqueFleet("member-test");
    private final List<FleetMember> members = new ArrayList<>();
    /** member id -> target -> last fleetChanged(down). */
    private final Map<String, Map<String, Boolean>> told = new ConcurrentHashMap<>();

    @BeforeEach
    void redis() {
        FleetRedis.assumePresent();
    }

    @AfterEach
    void cleanUp() throws IOException {
        members.forEach(FleetMember::close);
        FleetRedis.deleteKeys(fleet);
    }

    private FleetMember member(String url, int i) {
        String id = fleet + "-m" + i;
        FleetMember m = new FleetMember(FleetRedis.settings(url, fleet, id, INTERVAL, TIMEOUT),
                (target, down, detail) -> told.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(target, down));
        m.targets(List.of("db"));
        m.start();
        members.add(m);
        return m;
    }

    private List<FleetMember> fleetOf(int n) {
        for (int i = 0; i < n; i++) {
            member(FleetRedis.URL, i);
        }
        Await.until("every member sees all " + n, () -> members.stream().allMatch(
                m -> m.view().mode() == FleetView.Mode.FLEET && m.view().members().size() == n), this::views);
        return List.copyOf(members);
    }

    private String views() {
        StringBuilder s = new StringBuilder();
        members.forEach(m -> s.append(m.view()).append('\n'));
        return s.toString();
    }

    private List<FleetMember> probers(List<FleetMember> fleet) {
        return fleet.stream().filter(m -> m.mustProbe("db")).toList();
    }

    private boolean told(FleetMember m, boolean down) {
        Map<String, Boolean> t = told.get(m.view().memberId());
        return t != null && Boolean.valueOf(down).equals(t.get("db"));
    }

    @Test
    void threeOfFiveProbeAndAllAgreeOnWho() throws Exception {
        List<FleetMember> fleet = fleetOf(5);
        List<FleetMember> probers = probers(fleet);
        assertEquals(3, probers.size(), views());
        List<String> ids = probers.stream().map(m -> m.view().memberId()).sorted().toList();
        for (FleetMember m : fleet) {
            assertEquals(ids, m.view().targets().get(0).probers().stream().sorted().toList());
        }
        String view = views();
        assertFalse(view.contains("fleet-test-secret"), view);
    }

    @Test
    void aQuorumOfProbersOpensTheFleetAndOneDoesNot() throws Exception {
        List<FleetMember> fleet = fleetOf(5);
        List<FleetMember> probers = probers(fleet);
        probers.forEach(p -> p.observed("db", true, "connected"));
        Await.until("UP everywhere", () -> fleet.stream().allMatch(m -> m.verdict("db").state() == FleetVerdict.State.UP), this::views);

        probers.get(0).observed("db", false, "connection refused");
        Thread.sleep(3 * INTERVAL.toMillis());
        assertTrue(fleet.stream().allMatch(m -> m.verdict("db").state() == FleetVerdict.State.UP), views());
        assertTrue(told.isEmpty(), "one prober alone opened: " + told);

        long start = System.nanoTime();
        probers.get(1).observed("db", false, "connection refused");
        Await.until("every member told DOWN", () -> fleet.stream().allMatch(m -> told(m, true)), this::views);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "told after " + millis + " ms");
        FleetVerdict v = fleet.get(0).verdict("db");
        assertEquals(FleetVerdict.State.DOWN, v.state());
        assertTrue(v.detail().contains("2 of 3 probers say DOWN"), v.detail());

        probers.forEach(p -> p.observed("db", true, "connected"));
        Await.until("every member told no longer DOWN", () -> fleet.stream().allMatch(m -> told(m, false)), this::views);
    }

    @Test
    void forgedVotesAreIgnoredAndCounted() throws Exception {
        List<FleetMember> fleet = fleetOf(3);
        fleet.forEach(p -> p.observed("db", true, "connected"));
        Await.until("UP everywhere", () -> fleet.stream().allMatch(m -> m.verdict("db").state() == FleetVerdict.State.UP), this::views);
        String prober = fleet.get(0).view().memberId();
        String channel = new FleetKeys(fleet.get(0).view().fleetName()).channel();
        long now = System.currentTimeMillis();
        FleetRedis.publish(channel, "v1 " + fleet.get(0).view().fleetName() + " db " + prober + " DOWN " + now + " forged");
        VoteCodec wrongKey = new VoteCodec(fleet.get(0).view().fleetName(), "guessed".getBytes());
        for (FleetMember m : fleet) {
            FleetRedis.publish(channel, wrongKey.encode(new FleetVote("db", m.view().memberId(), true, now, "forged")));
        }
        Await.until("every member counted both", () -> fleet.stream().allMatch(
                m -> m.view().counters().unsigned() == 1 && m.view().counters().badSignature() == 3), this::views);
        // forged into the vote hash, which every member re-reads each cycle: counted once, not per re-read
        try (RespConnection c = FleetRedis.connect()) {
            c.call(List.<String[]>of(new String[] {"HSET", new FleetKeys(fleet.get(0).view().fleetName()).votes("db"), "intruder",
                wrongKey.encode(new FleetVote("db", "intruder", true, System.currentTimeMillis(), "forged"))}));
        }
        Await.until("every member counted the forged hash field", () -> fleet.stream().allMatch(
                m -> m.view().counters().badSignature() == 4), this::views);
        Thread.sleep(3 * INTERVAL.toMillis());
        assertTrue(fleet.stream().allMatch(m -> m.view().counters().badSignature() == 4), views());
        assertTrue(fleet.stream().allMatch(m -> m.verdict("db").state() == FleetVerdict.State.UP), views());
        assertTrue(told.isEmpty(), told.toString());
    }

    @Test
    void unreachableRedisMeansEveryMemberProbesOnItsOwn() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FleetMember alone = member("redis://:hunter2@127.0.0.1:" + closedPort, 0);
        Await.until("an error", () -> alone.view().lastError() != null, alone::view);
        FleetView view = alone.view();
        assertEquals(FleetView.Mode.FALLBACK, view.mode());
        assertTrue(alone.mustProbe("db"));
        assertEquals(FleetVerdict.State.UNKNOWN, alone.verdict("db").state());
        assertFalse(view.toString().contains("hunter2"), view.toString());
        assertTrue(view.redis().contains(":***@"), view.redis());
    }

    @Test
    void anAclUserWithPasswordAndDatabaseJoinsAndAWrongPasswordIsNeverShown() throws Exception {
        String user = "watchdog-fleet-test-" + fleet;
        try (RespConnection c = FleetRedis.connect()) {
            c.call(List.<String[]>of(new String[] {"ACL", "SETUSER", user, "on", ">s3cr3t-pw", "~watchdog:fleet:*", "&*", "+@all"}));
        }
        try {
            FleetMember ok = member("redis://" + user + ":s3cr3t-pw@127.0.0.1:6379/3", 0);
            FleetMember wrong = member("redis://" + user + ":wrong-pw@127.0.0.1:6379/3", 1);
            Await.until("the right password joins", () -> ok.view().mode() == FleetView.Mode.FLEET, ok::view);
            Await.until("the wrong one is refused", () -> wrong.view().lastError() != null, wrong::view);
            assertEquals(FleetView.Mode.FALLBACK, wrong.view().mode());
            assertTrue(wrong.view().lastError().startsWith("AUTH refused: WRONGPASS"), wrong.view().lastError());
            assertFalse(wrong.view().toString().contains("wrong-pw") || ok.view().toString().contains("s3cr3t-pw"));
            assertEquals("redis://" + user + ":***@127.0.0.1:6379/3", ok.view().redis());
            try (RespConnection c = FleetRedis.connect()) {
                Object inDb3 = c.call(List.<String[]>of(new String[] {"SELECT", "3"},
                        new String[] {"EXISTS", new FleetKeys(fleet).members()}, new String[] {"SELECT", "0"})).get(1);
                assertEquals(1L, inDb3, "registered in database 3");
            }
        } finally {
            members.forEach(FleetMember::close);
            try (RespConnection c = FleetRedis.connect()) {
                c.call(List.<String[]>of(new String[] {"ACL", "DELUSER", user}, new String[] {"SELECT", "3"},
                        new String[] {"DEL", new FleetKeys(fleet).members(), new FleetKeys(fleet).version(),
                            new FleetKeys(fleet).member(fleet + "-m0")}));
            }
        }
    }

    @Test
    void aClosedMemberLeavesAtOnceAndLeavesNoThread() throws Exception {
        List<FleetMember> fleet = fleetOf(4);
        FleetMember leaving = fleet.get(3);
        leaving.close();
        assertEquals(FleetView.Mode.CLOSED, leaving.view().mode());
        assertEquals(List.of(), FleetRedis.fleetThreads(leaving.view().memberId()));
        Await.until("the others see 3", () -> fleet.subList(0, 3).stream().allMatch(m -> m.view().members().size() == 3), this::views);
    }
}
