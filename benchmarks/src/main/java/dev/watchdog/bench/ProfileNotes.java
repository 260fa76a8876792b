package dev.watchdog.bench;

/**
 * What profiling found behind the figures (JFR, -prof gc, NMT, -Xlog:class+load, -Xlog:gc), written by
 * hand on 2026-11-26 against agent commit 9715d9d. Printed under each table; re-check after the agent changes.
 */
final class ProfileNotes {

    static final String GATE = "Profile note: `rejectHost` builds the key `host + ':' + port` (`Gate.key`) before the map lookup:"
            + " the 56 B/op and most of the ~50–60 ns are that String. Checking the host alone first against the open"
            + " breakers' hosts (e.g. a volatile array compared with `regionMatches(true, …)`) and building the key only on a"
            + " match makes the unrelated-host case allocation-free.";

    static final String REJECTION = "Profile note: the rejection is dominated by building the exception (fillInStackTrace;"
            + " its cost grows with stack depth, so the JMH figure with JMH's deep stack is higher than the probes' shallow"
            + " one). `url-connection` is the slowest rejection (two advised methods on the path).";

    static final String CLOSED_PATH = "Profile note: the advice's closed-path work is `Gate.anyOpen()` (≈ 1 ns in the gate table)"
            + " against ≈ 2–3 µs per query, i.e. below 0.1 % by construction; these forks could not resolve that under the"
            + " machine's load (JIT still compiling after the warm-up in some forks). With one unrelated breaker open,"
            + " `StatementExecuteAdvice` calls `statement.getConnection().getMetaData().getURL()` and parses the URL on every"
            + " statement (≈ +1 µs per query in quieter rounds): caching the host keys per Connection would remove it.";

    static final String STARTUP = "Profile note: with the agent the hello program does 4 young GCs instead of 1 (JFR"
            + " allocation: ByteBuddy `AgentBuilder.installOn` with RETRANSFORMATION builds type descriptions of every loaded"
            + " class, `AgentClassLoader.findClass` inflates classdata), loads ~1,240 agent classes (+7 MB metaspace) and"
            + " ~650 more JDK classes (java.lang.invoke 173: lambdas and indy string concatenation; jdk.internal.net.http 116;"
            + " java.lang.management 20: tinylog asks the RuntimeMXBean). NMT: +7.5 MB compiler arenas, +3.4 MB compiler,"
            + " +1.5 MB code. Premain (class-load log): ≈ 16 ms iterating the jar's entries (`ZipFile$ZipEntryIterator`) and"
            + " ≈ 14 ms spinning the first lambda (`new Thread(() -> …)`) on the main thread; a named Runnable and a"
            + " precomputed index would take most of it off.";

    static final String SCALING = "Profile note (JFR): the health threads' time is in `Net.connect0`/`close0`, i.e. the"
            + " sockets themselves (≈ 60 µs of CPU per tcp check including the kernel). 1,000 targets on 4 distinct"
            + " `host:port` could share 4 checks (coalesce identical check URIs); threads stay bounded (1 scheduler + 8 workers).";

    private ProfileNotes() {
    }
}
