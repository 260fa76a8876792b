package dev.watchdog.agent.instrument;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.TaggedLogger;

/**
 * Installs the instrumentation a little after start, or at once when something needs it.
 *
 * <p>Advice only changes a call while a breaker is open, so the application's first seconds need
 * none of it; loading ByteBuddy and transforming classes then would compete with the application's
 * own start for the CPU (measured: most of the agent's start-up cost on two cores). Classes loaded
 * meanwhile are retransformed. Whoever needs the advice sooner calls {@link #now()}: a breaker
 * opening, discovery, passive detection, a JDBC check looking for the application's driver.
 */
public final class DeferredInstall {

    private static final TaggedLogger LOG = AgentLog.of("instrument");

    private final Instrumentation inst;
    private final List<LibraryInstrumentation> libraries;
    private final ClassLoader agentLoader;
    private final CountDownLatch wanted = new CountDownLatch(1);

    public DeferredInstall(Instrumentation inst, List<LibraryInstrumentation> libraries, ClassLoader agentLoader) {
        this.inst = inst;
        this.libraries = List.copyOf(libraries);
        this.agentLoader = agentLoader;
    }

    /**
     * Installs after {@code delay} on a {@code watchdog-instrument} thread, sooner if {@link #now()} is
     * (or was) called; a zero delay installs at once on this thread, so the caller knows it is done.
     */
    public void start(Duration delay) {
        if (delay.isZero()) {
            run();
            return;
        }
        new AgentThread(() -> {
            try {
                wanted.await(delay.toNanos(), TimeUnit.NANOSECONDS);
                run();
            } catch (InterruptedException e) {
                // the JVM is going away
            }
        }, "watchdog-instrument").start();
    }

    /** Install now if not yet done; returns at once (never blocks the caller, which may hold a lock). */
    public void now() {
        wanted.countDown();
    }

    private void run() {
        long begin = System.nanoTime();
        try {
            Instrumenter.install(inst, libraries, agentLoader);
            LOG.debug("instrumentation installed in {} ms", (System.nanoTime() - begin) / 1_000_000);
        } catch (Throwable e) {
            LOG.error("instrumentation failed; calls are not failed fast: {}", e.toString());
        }
    }
}
