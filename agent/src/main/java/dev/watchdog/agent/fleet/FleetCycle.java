package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member's command connection and its loop: once per interval one pipelined round trip registers
 * the member, prunes expired members, re-asserts this member's votes and re-reads the votes on its
 * targets (catching any message the subscriber missed); the member set is re-read only when its
 * version changed. Between cycles it wakes for a vote transition and publishes it at once.
 * On failure it closes the connection and retries with a growing delay (interval, doubled up to 8x,
 * at most 30 s, jittered).
 */
final class FleetCycle implements Runnable {

    /** At most this many members are read: a fleet is not that large, and a reply stays bounded. */
    static final int MAX_MEMBERS = 10_000;
    /** A vote this many registration lifetimes old is a dead member's: its prober removes it from the hash. */
    static final int LEFTOVER_FACTOR = 10;

    /** One observation of this member's own probe, as given to {@link FleetMember#observed}. */
    record Observation(boolean down, String reason, long nanos) {
    }

    private final MemberParts parts;
    private final long ttlMillis;
    private final long graceMillis;

    private final Map<String, Observation> observed = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private boolean woken;
    private boolean forced;
    private volatile boolean running = true;
    private volatile RespConnection connection;

    /** Targets whose vote hash holds this member's vote (cycle thread only). */
    private final Set<String> voted = new HashSet<>();
    /** Per target, the hash fields this member rejected last cycle and their text: counted once, not every re-read. */
    private final Map<String, Map<String, String>> rejected = new HashMap<>();
    /** Votes of long-dead members found in the hashes of targets this member probes: removed next cycle. */
    private final List<String[]> leftovers = new ArrayList<>();
    private long knownVersion = Long.MIN_VALUE;
    private int failures;
    private String info;

    FleetCycle(MemberParts parts) {
        this.parts = parts;
        this.ttlMillis = 3 * parts.settings().interval().toMillis();
        this.graceMillis = parts.settings().interval().toMillis();
    }

    /** From a health thread: remembers, and wakes the loop when the verdict changed. No I/O. */
    void observed(String target, boolean up, String reason) {
        Observation before = observed.put(target, new Observation(!up, reason, System.nanoTime()));
        if (before == null || before.down() == up) {
            pending.add(target);
            wakeUp();
        }
    }

    Observation observation(String target) {
        return observed.get(target);
    }

    /** Wakes the loop to publish a transition. */
    void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /**
     * A whole cycle now: the subscriber reconnected (messages may have been missed: re-read the votes)
     * or lost its connection (if Redis is gone, the cycle fails and the member falls back at once).
     */
    void cycleNow() {
        synchronized (wake) {
            forced = true;
            woken = true;
            wake.notifyAll();
        }
    }

    void stop() {
        running = false;
        wakeUp();
    }

    /** Unblocks a read stuck on a dead connection (close's last resort). */
    void abort() {
        RespConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void run() {
        info = "host=" + hostName() + " pid=" + ProcessHandle.current().pid() + " started=" + Instant.now();
        long next = System.nanoTime();
        while (running) {
            boolean due = await(next);
            if (!running) {
                break;
            }
            if (!due && connection == null) {
                continue;   // a transition while Redis is away: the next attempt is due at its time
            }
            try {
                long start = System.nanoTime();
                if (connection == null) {
                    connection = RespConnection.open(parts.settings().endpoint(), parts.settings().timeout(), parts.traffic(),
                            "watchdog-fleet:" + parts.settings().memberId());
                    syncClock();   // before the first registration: a skewed clock must not prune the others
                }
                if (due) {
                    cycle();
                    next = start + parts.settings().interval().toNanos();
                } else {
                    publishPending();
                }
                parts.availability().commandsOk((System.nanoTime() - start) / 1_000_000);
                failures = 0;
            } catch (IOException | RuntimeException e) {
                failed(e);
                next = System.nanoTime() + Retry.delayMillis(parts.settings().interval(), failures) * 1_000_000;
            }
            if (parts.availability().report()) {
                parts.picture().unavailable("fleet unavailable (" + parts.availability().lastError() + "): own probes decide");
            }
        }
        deregister();
    }

    /** Waits for the deadline or a wake-up; true when a whole cycle is due. */
    private boolean await(long deadline) {
        synchronized (wake) {
            long left;
            while (!woken && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wake.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                    return false;
                }
                if (!running) {
                    return false;
                }
            }
            woken = false;
            boolean due = forced || deadline - System.nanoTime() <= 0;
            forced = false;
            return due;
        }
    }

    private void syncClock() throws IOException {
        long sent = System.currentTimeMillis();
        Object time = checked(connection.call(List.<String[]>of(new String[] {"TIME"}))).get(0);
        parts.clock().sync(time, sent, System.currentTimeMillis());
    }

    private void cycle() throws IOException {
        List<String> targets = parts.picture().targets();
        long now = parts.clock().now();
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"TIME"});
        commands.add(new String[] {"SET", parts.keys().member(parts.settings().memberId()), info, "PX", Long.toString(ttlMillis)});
        commands.add(new String[] {"ZADD", parts.keys().members(), Long.toString(now + ttlMillis), parts.settings().memberId()});
        // a registration is pruned, and no longer read, one interval after its expiry: a member whose
        // clock estimate is off by less than that cannot drop live members
        commands.add(new String[] {"ZREMRANGEBYSCORE", parts.keys().members(), "-inf", "(" + (now - graceMillis)});
        commands.add(new String[] {"GET", parts.keys().version()});
        List<FleetVote> cast = votes(targets, commands, now);
        commands.addAll(leftovers);
        leftovers.clear();
        int reads = commands.size();
        for (String t : targets) {
            commands.add(new String[] {"HGETALL", parts.keys().votes(t)});
        }
        long sent = System.currentTimeMillis();
        List<Object> replies = checked(connection.call(commands));
        parts.clock().sync(replies.get(0), sent, System.currentTimeMillis());
        boolean changed = asLong(replies.get(2)) > 0 || asLong(replies.get(3)) > 0;
        long version = replies.get(4) == null ? 0 : asLong(replies.get(4));
        if (changed || version != knownVersion) {
            readMembers(changed, version);
        }
        for (FleetVote v : cast) {
            parts.book().offer(v, now);
        }
        for (int i = 0; i < targets.size(); i++) {
            readVotes(targets.get(i), replies.get(reads + i));
        }
        parts.book().retain(targets, parts.clock().now());
        parts.picture().revote(parts.clock().now());
    }

    /** Adds the writes of this member's votes (and the removal of votes it no longer casts); returns the votes cast. */
    private List<FleetVote> votes(List<String> targets, List<String[]> commands, long now) {
        List<FleetVote> cast = new ArrayList<>();
        for (String t : targets) {
            FleetVote vote = castable(t, now);
            if (vote != null) {
                write(vote, pending.remove(t) | voted.add(t), commands);
                cast.add(vote);
            } else if (voted.remove(t)) {
                commands.add(new String[] {"HDEL", parts.keys().votes(t), parts.settings().memberId()});
            }
        }
        voted.retainAll(targets);
        pending.retainAll(targets);
        rejected.keySet().retainAll(targets);
        return cast;
    }

    /** A vote transition, published at once rather than at the next cycle. */
    private void publishPending() throws IOException {
        List<String[]> commands = new ArrayList<>();
        long now = parts.clock().now();
        List<FleetVote> cast = new ArrayList<>();
        for (String t : new ArrayList<>(pending)) {
            pending.remove(t);
            FleetVote vote = castable(t, now);
            if (vote != null) {
                write(vote, true, commands);
                voted.add(t);
                cast.add(vote);
            }
        }
        if (!commands.isEmpty()) {
            checked(connection.call(commands));
            for (FleetVote v : cast) {
                parts.book().offer(v, now);
            }
            parts.picture().revote(parts.clock().now());
        }
    }

    /** This member's vote on the target, when it is a prober that observed it since its duty began. */
    private FleetVote castable(String target, long now) {
        Observation o = observed.get(target);
        return o != null && parts.picture().votes(target, o.nanos())
                ? new FleetVote(target, parts.settings().memberId(), o.down(), now, o.reason()) : null;
    }

    private void write(FleetVote vote, boolean publish, List<String[]> commands) {
        String text = parts.codec().encode(vote);
        commands.add(new String[] {"HSET", parts.keys().votes(vote.target()), parts.settings().memberId(), text});
        commands.add(new String[] {"PEXPIRE", parts.keys().votes(vote.target()), Long.toString(ttlMillis)});
        if (publish) {
            commands.add(new String[] {"PUBLISH", parts.keys().channel(), text});
            parts.traffic().published.incrementAndGet();
        }
    }

    private static List<Object> checked(List<Object> replies) throws IOException {
        for (Object r : replies) {
            if (r instanceof RespError e) {
                throw new IOException("Redis refused a command: " + e.message());
            }
        }
        return replies;
    }

    private void readMembers(boolean changed, long version) throws IOException {
        List<String[]> commands = new ArrayList<>();
        if (changed) {
            commands.add(new String[] {"INCR", parts.keys().version()});
        }
        commands.add(new String[] {"ZRANGEBYSCORE", parts.keys().members(), Long.toString(parts.clock().now() - graceMillis), "+inf",
            "LIMIT", "0", Integer.toString(MAX_MEMBERS)});
        List<Object> replies = checked(connection.call(commands));
        if (!(replies.get(replies.size() - 1) instanceof List<?> list)) {
            throw new IOException("Redis answered the member list with " + replies.get(replies.size() - 1));
        }
        List<String> live = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof String s) {
                live.add(s);
            }
        }
        live.sort(null);
        knownVersion = changed ? asLong(replies.get(0)) : version;
        parts.picture().members(live);
    }

    private void readVotes(String target, Object reply) {
        if (!(reply instanceof List<?> fields)) {
            return;
        }
        long now = parts.clock().now();
        Map<String, String> before = rejected.getOrDefault(target, Map.of());
        Map<String, String> nowRejected = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (!(fields.get(i) instanceof String member) || !(fields.get(i + 1) instanceof String text)) {
                continue;
            }
            VoteCodec.Decoded d = parts.codec().decode(text);
            FleetVote vote = d.vote();
            if (vote == null || !vote.target().equals(target) || !vote.member().equals(member)) {
                if (!text.equals(before.get(member))) {
                    parts.traffic().dropped(d.rejection() == null ? VoteCodec.Rejection.MALFORMED : d.rejection());
                }
                nowRejected.put(member, text);
            } else if (now - vote.epochMillis() > LEFTOVER_FACTOR * ttlMillis && parts.picture().probes(target) && leftovers.size() < 20) {
                leftovers.add(new String[] {"HDEL", parts.keys().votes(target), member});
            } else {
                parts.book().offer(vote, now);   // stale or already held: nothing new, not counted on every re-read
            }
        }
        rejected.put(target, nowRejected);
    }

    private void failed(Exception e) {
        RespConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        knownVersion = Long.MIN_VALUE;
        voted.clear();   // re-published on the next success: the transition may not have gone out
        failures++;
        parts.availability().commandsFailed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Best effort, bounded by the timeout: the others need not wait for the registration to expire. */
    private void deregister() {
        RespConnection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            List<String[]> commands = new ArrayList<>();
            commands.add(new String[] {"DEL", parts.keys().member(parts.settings().memberId())});
            commands.add(new String[] {"ZREM", parts.keys().members(), parts.settings().memberId()});
            commands.add(new String[] {"INCR", parts.keys().version()});
            for (String t : voted) {
                commands.add(new String[] {"HDEL", parts.keys().votes(t), parts.settings().memberId()});
            }
            c.call(commands);
        } catch (IOException | RuntimeException ignored) {
            // its registration expires on its own
        } finally {
            c.close();
        }
    }

    private static long asLong(Object reply) throws IOException {
        if (reply instanceof Long l) {
            return l;
        }
        if (reply instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IOException("Redis answered a number with text");
            }
        }
        throw new IOException("Redis answered a number with " + reply);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
