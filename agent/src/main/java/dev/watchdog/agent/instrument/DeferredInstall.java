package dev.watchdog.agent.instrument;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.lang.instrument.Instrumentation;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.TaggedLogger;

/**
 * Installs the instrumentation once the application has started, or at once when something needs it.
 *
 * <p>Advice only changes a call while a breaker is open, so the application's start needs none of it;
 * loading ByteBuddy and transforming classes then would compete with the application's own start for
 * the CPU (measured: most of the agent's start-up cost on two cores, and on a big application the
 * install came while it was still loading thousands of classes). So it waits at least the configured
 * delay, then until the application's class loading settles ({@link #QUIET_LOADS} or fewer classes in
 * each {@link #POLL} for a second), at most {@link #LATEST} after start. Classes loaded meanwhile are retransformed.
 * Whoever needs the advice sooner calls {@link #now()}: a breaker opening, discovery, passive detection,
 * a JDBC check that cannot find the application's driver otherwise. The agent's other deferred work
 * (resources, JMX) runs after the install, when the application has settled, for the same reason.
 */
public final class DeferredInstall {

    private static final TaggedLogger LOG = AgentLog.of("instrument");
    /** How often the class count is read while waiting, and the window it is judged over. */
    static final Duration POLL = Duration.ofMillis(500);
    /** At most this many classes loaded in each of {@link #QUIET_POLLS} polls in a row: the start is over. */
    static final long QUIET_LOADS = 50;
    static final int QUIET_POLLS = 2;
    /** An application that never stops loading classes gets the instrumentation this long after start. */
    static final Duration LATEST = Duration.ofSeconds(30);

    private final Instrumentation inst;
    private final List<LibraryInstrumentation> libraries;
    private final ClassLoader agentLoader;
    private final CountDownLatch wanted = new CountDownLatch(1);
    private final AtomicBoolean installed = new AtomicBoolean();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    public DeferredInstall(Instrumentation inst, List<LibraryInstrumentation> libraries, ClassLoader agentLoader) {
        this.inst = inst;
        this.libraries = List.copyOf(libraries);
        this.agentLoader = agentLoader;
    }

    /**
     * Installs once the application settled (see above) on a {@code watchdog-instrument} thread, sooner if
     * {@link #now()} is (or was) called; a zero delay installs at once on this thread (the caller knows it is done).
     * Either way, what {@link #whenSettled} was given runs once the application settled.
     */
    public void start(Duration delay) {
        if (delay.isZero()) {
            install();
        }
        new AgentThread(() -> {
            try {
                long started = System.nanoTime();
                if (wanted.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    install();
                }
                awaitSettled(started + LATEST.toNanos());
                install();
                settled.complete(null);
            } catch (InterruptedException e) {
                // the JVM is going away
            }
        }, "watchdog-instrument").start();
    }

    /** Runs {@code task} on the install's thread once the application settled (at once if it has). */
    public void whenSettled(Runnable task) {
        settled.thenRun(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                LOG.error("deferred start failed: {}", e.toString());
            }
        });
    }

    /** Install now if not yet done; returns at once (never blocks the caller, which may hold a lock). */
    public void now() {
        wanted.countDown();
    }

    /** Until a {@link #POLL} with few class loads, or {@code latest}; installs meanwhile if {@link #now()} asks. */
    private void awaitSettled(long latest) throws InterruptedException {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long before = classes.getTotalLoadedClassCount();
        int quiet = 0;
        while (System.nanoTime() < latest) {
            if (installed.get()) {
                Thread.sleep(POLL.toMillis());
            } else if (wanted.await(POLL.toNanos(), TimeUnit.NANOSECONDS)) {
                install();
                before = classes.getTotalLoadedClassCount();   // the install's own loads are not the application's
                continue;
            }
            long now = classes.getTotalLoadedClassCount();
            quiet = now - before <= QUIET_LOADS ? quiet + 1 : 0;
            if (quiet == QUIET_POLLS) {
                return;
            }
            before = now;
        }
    }

    private void install() {
        if (!installed.compareAndSet(false, true)) {
            return;
        }
        try {
            LOG.debug("instrumentation installed in {}", Instrumenter.install(inst, libraries, agentLoader));
        } catch (Throwable e) {
            LOG.error("instrumentation failed; calls are not failed fast: {}", e.toString());
        }
    }
}
