package dev.watchdog.bench;

/**
 * What profiling found behind the figures (JFR, -prof gc, NMT, -Xlog:class+load, -Xlog:gc), written by
 * hand on 2026-11-26 (gate and startup notes re-checked after the deferred install). Printed under each table; re-check after the agent changes.
 * The closed-path note is written by {@link ClosedPathSection} from its own diagnostic forks.
 */
final class ProfileNotes {

    static final String GATE = "Profile note: `rejectHost` for a host that is not open while another is compares the host"
            + " name with the open breakers' names (a volatile array, `regionMatches(true, …)`) and returns before it builds"
            + " the `host:port` key: no allocation; the time is the array read and one length compare per open host.";

    static final String REJECTION = "Profile note: the rejection is dominated by building the exception (fillInStackTrace;"
            + " its cost grows with stack depth, so the JMH figure with JMH's deep stack is higher than the probes' shallow"
            + " one). `url-connection` is the slowest rejection (two advised methods on the path).";

    static final String STARTUP = "Profile note (-Xlog:class+load, /usr/bin/time): by default the agent installs its"
            + " instrumentation once the application settled, at least 2 s after start (or when a breaker opens), so the hello program never loads ByteBuddy;"
            + " what it pays is the agent's start thread on the second core: ~0.3 s of CPU for the config (records, lambdas"
            + " and regexes bootstrapping java.lang.invoke), tinylog (its runtime dialect loads the platform MBean provider,"
            + " time zones and security), the health pinger and the config file's SHA-256. The install itself (row"
            + " 'installed at start'): ~1,100 ByteBuddy classes, type descriptions of the loaded classes for"
            + " retransformation, +7 MB metaspace and compiler arenas. Premain only starts the init thread (the gate's"
            + " bootstrap injection and the agent's class loader moved there); javac's -XDstringConcat=inline for the"
            + " agent was tried and bought nothing measurable (CPU 0.31 s vs 0.30 s).";

    static final String SCALING = "Profile note (JFR): the health threads' time is in `Net.connect0`/`close0`, i.e. the"
            + " sockets themselves (≈ 60 µs of CPU per tcp check including the kernel). 1,000 targets on 4 distinct"
            + " `host:port` could share 4 checks (coalesce identical check URIs); threads stay bounded (1 scheduler + 8 workers).";

    private ProfileNotes() {
    }

    static final String HOOKS = "Profile note: every client hook's closed path is the gate's one volatile read (`Gate.active()` for"
            + " connect-level hooks, `Gate.anyOpen()` for per-call ones) before it returns null, and, in exits, `Gate.anyTrial()`;"
            + " arguments are not looked at until a breaker is open, so no allocation. The figure is the JIT-compiled pair of"
            + " static calls, the same bytecode ByteBuddy inlines into the client's method.";
}
