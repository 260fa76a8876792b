package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourceWatcherTest {

    private static ResourceSettings settings(int cpuThreshold, Duration interval) {
        return new ResourceSettings(true, interval, cpuThreshold, 95, Optional.empty(), 2, "log",
                Path.of("unused"), Duration.ofMinutes(5), 5);
    }

    /** A host that reports scripted CPU loads: drives the watcher without timing or load. */
    private static final class ScriptedHost implements HostReader {
        final Deque<Double> loads = new ArrayDeque<>();

        ScriptedHost(double... percents) {
            for (double p : percents) {
                loads.add(p / 100);
            }
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public HostSample sample() {
            double load = loads.isEmpty() ? 0 : loads.poll();
            return new HostSample(load, 2, 1000, 900, 0, 0);
        }
    }

    @Test
    void oneWarnWhenAnOverloadStartsAndOneInfoWhenItEnds() {
        RecordingEvents events = new RecordingEvents();
        AtomicInteger actions = new AtomicInteger();
        // the first value is consumed by open()'s first use of the reader
        ScriptedHost host = new ScriptedHost(0, 50, 95, 96, 97, 99, 88, 92, 86, 84, 10, 5);
        ResourceWatcher w = new ResourceWatcher(settings(90, Duration.ofSeconds(2)), null, () -> host, () -> null,
                events, (o, s) -> actions.incrementAndGet());
        w.open();
        for (int i = 0; i < 11; i++) {
            w.sample();
            if (i == 3) {
                assertEquals(List.of("cpu"), w.snapshot().overloads(), "raised at the second sample at or above 90");
            }
        }
        assertEquals(2, events.lines.size(), events.lines.toString());
        assertTrue(events.lines.get(0).startsWith("WARN start cpu cpu=96% (host, scripted, 2 cpus) memory=10% (host, scripted"),
                events.lines.get(0));
        assertTrue(events.lines.get(0).contains("overloads=[cpu]"), "the WARN carries the full snapshot");
        assertTrue(events.lines.get(1).startsWith("INFO end cpu cpu=84%"), events.lines.get(1));
        assertEquals(1, actions.get(), "the action runs once per overload");
        assertEquals(List.of(), w.snapshot().overloads());
    }

    /** A second listener (the Java API's) hears each start and end after the log line, with the snapshot and its limit source. */
    @Test
    void otherListenersHearEachStartAndEnd() {
        RecordingEvents events = new RecordingEvents();
        ScriptedHost host = new ScriptedHost(0, 95, 96, 10, 5);
        ResourceWatcher w = new ResourceWatcher(settings(90, Duration.ofSeconds(2)), null, () -> host, () -> null,
                events, (o, s) -> { });
        List<String> heard = new java.util.ArrayList<>();
        w.also((o, s) -> heard.add(o.resource() + " " + o.started() + " " + s.overloads() + " " + s.limitSource(o.resource())));
        w.also((o, s) -> {
            throw new IllegalStateException("a failing listener changes nothing");
        });
        w.open();
        for (int i = 0; i < 4; i++) {
            w.sample();
        }
        assertEquals(List.of("cpu true [cpu] host", "cpu false [] host"), heard);
        assertEquals(2, events.lines.size(), "what is logged is unchanged: " + events.lines);
    }

    @Test
    void theLimitSourceIsTheContainersWhenACgroupLimitIsUsed() {
        ResourceSnapshot s = new ResourceSnapshot(null, Reading.ofPercent(50, "cgroup v2 cpu.max 2 cpus"),
                Reading.ofBytes(1, 2, "host, oshi, 2 GiB"), Reading.unknown("x"), Reading.unknown("x"),
                Reading.ofBytes(1, 2, "jvm heap after GC, max 2 B"), List.of());
        assertEquals("container", s.limitSource("cpu"));
        assertEquals("host", s.limitSource("memory"));
        assertEquals("jvm", s.limitSource("heap"));
    }

    /** A reload's threshold counts from the next sample; an ongoing overload goes on and ends by the new threshold. */
    @Test
    void aReloadedThresholdAppliesFromTheNextSample() {
        RecordingEvents events = new RecordingEvents();
        ScriptedHost host = new ScriptedHost(0, 60, 60, 60, 60, 70);
        ResourceWatcher w = new ResourceWatcher(settings(90, Duration.ofSeconds(2)), null, () -> host, () -> null,
                events, OverloadAction.NONE);
        w.open();
        w.sample();
        w.sample();
        assertEquals(List.of(), w.snapshot().overloads(), "60% is below 90");
        w.apply(settings(50, Duration.ofSeconds(2)));
        w.sample();
        w.sample();
        assertEquals(List.of("cpu"), w.snapshot().overloads(), "two samples at or above the new 50");
        w.apply(settings(80, Duration.ofSeconds(2)));
        assertEquals(80, w.settings().cpuThreshold());
        w.sample();
        assertEquals(List.of(), w.snapshot().overloads(), "70% is 5 points below the new 80 (with 50, 70 would go on)");
        assertEquals(2, events.lines.size(), events.lines.toString());
        assertTrue(events.lines.get(1).startsWith("INFO end cpu cpu=70%"), events.lines.toString());
    }

    @Test
    void fallsBackToTheJdkOnceWhenNativesCannotLoad() {
        RecordingEvents events = new RecordingEvents();
        AtomicInteger attempts = new AtomicInteger();
        ResourceWatcher w = new ResourceWatcher(settings(90, Duration.ofSeconds(2)), null, () -> {
            attempts.incrementAndGet();
            throw new UnsatisfiedLinkError("/tmp/jna123/libjnidispatch.so: failed to map segment from shared object");
        }, () -> null, events, OverloadAction.NONE);
        w.open();
        w.sample();
        w.sample();
        assertEquals(1, attempts.get());
        assertEquals(1, events.count("INFO fallback"), events.lines.toString());
        assertTrue(events.lines.get(0).contains("UnsatisfiedLinkError"));
        assertEquals("jdk", w.hostReader());
        assertTrue(w.snapshot().memory().known(), w.snapshot().toString());
        assertTrue(w.snapshot().memory().source().contains("jdk") || w.snapshot().memory().source().startsWith("cgroup"));
    }

    @Test
    void failureAtFirstUseAlsoFallsBack() {
        RecordingEvents events = new RecordingEvents();
        ResourceWatcher w = new ResourceWatcher(settings(90, Duration.ofSeconds(2)), null, () -> new HostReader() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public HostSample sample() {
                throw new NoClassDefFoundError("Could not initialize class com.sun.jna.Native");
            }
        }, () -> null, events, OverloadAction.NONE);
        w.open();
        w.sample();
        assertEquals("jdk", w.hostReader());
        assertEquals(1, events.count("INFO fallback"));
    }

    @Test
    void aCpuBurnerRaisesOneOverloadOnTheWatchersThread() throws Exception {
        RecordingEvents events = new RecordingEvents();
        AtomicBoolean burn = new AtomicBoolean(true);
        Thread burner = new Thread(() -> {
            long x = 0;
            while (burn.get()) {
                x += System.nanoTime() % 3;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "test-cpu-burner");
        burner.setDaemon(true);
        AtomicInteger watcherThreadActions = new AtomicInteger();
        // the real readers (oshi here), the real cgroup, a 1% threshold any burner crosses
        ResourceWatcher w = new ResourceWatcher(settings(1, Duration.ofMillis(500)), null, OshiHostReader::new,
                Cgroup::detect, events, (o, s) -> {
            if (Thread.currentThread().getName().equals("watchdog-resources")) {
                watcherThreadActions.incrementAndGet();
            }
        });
        burner.start();
        try {
            w.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (events.count("WARN start") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1200); // more samples above the threshold: still one line
            ResourceSnapshot s = w.snapshot();
            assertEquals(1, events.count("WARN start cpu"), events.lines.toString());
            assertEquals(0, events.count("WARN failed"), events.lines.toString());
            assertEquals(1, watcherThreadActions.get());
            assertNotNull(s.time());
            assertTrue(s.overloads().contains("cpu"), s.toString());
            assertTrue(s.processCpu().percent() > 5, "the burner shows in the process's share: " + s);
            assertTrue(s.heap().known(), s.toString());
        } finally {
            burn.set(false);
            w.close();
        }
    }
}
