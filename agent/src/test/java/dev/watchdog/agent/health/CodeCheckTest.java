package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks registered in code (the Java API) run in the pinger like configured targets. */
class CodeCheckTest {

    @TempDir
    Path dir;
    private final RecordingListener listener = new RecordingListener();

    private AgentConfig config(String... lines) throws IOException {
        return TestConfigs.of(dir, lines);
    }

    private static Function<AgentConfig, TargetConfig> settings(String name, Duration timeout) {
        return g -> new TargetConfig(name, CheckKind.CODE, "code:" + name, List.of("127.0.0.1:9"), g.healthInterval(),
                timeout == null ? g.healthTimeout() : timeout, g.unhealthyThreshold(), g.healthyThreshold(), null, null,
                g.unhealthyInterval(), null, null, null);
    }

    /** DOWN after the threshold (false, then a throw), UP again; a reload keeps it and reaches its settings; close removes it. */
    @Test
    void downAfterThresholdsUpAgainSurvivesAReloadAndIsRemovedOnClose() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>(true);
        Callable<Boolean> check = () -> {
            Object a = answer.get();
            if (a instanceof Exception e) {
                throw e;
            }
            return (Boolean) a;
        };
        try (HealthPinger p = new HealthPinger(config("watchdog.health.interval=40ms", "watchdog.health.unhealthy-threshold=2",
                "watchdog.health.jitter=0%"), listener)) {
            p.start();
            assertTrue(p.addCode("pay", settings("pay", null), check));
            assertFalse(p.addCode("pay", settings("pay", null), check), "one target per name");
            Await.until("pay UP", () -> p.health("pay") == Health.UP, p::snapshot);
            assertEquals(List.of("127.0.0.1:9"), p.target("pay").hosts());

            answer.set(new IllegalStateException("gateway down: https://u:secret@pay.example/x?token=abc"));
            Await.until("pay DOWN", () -> p.health("pay") == Health.DOWN, p::snapshot);
            String reason = lastReason(p, "pay");
            assertTrue(reason.startsWith("IllegalStateException: gateway down"), reason);
            assertFalse(reason.contains("secret") || reason.contains("abc"), "secrets are masked: " + reason);
            answer.set(true);
            Await.until("pay UP again", () -> p.health("pay") == Health.UP, p::snapshot);
            answer.set(false);
            Await.until("pay DOWN again", () -> p.health("pay") == Health.DOWN, p::snapshot);
            assertEquals("check returned false", lastReason(p, "pay"));
            answer.set(true);
            Await.until("pay UP at last", () -> p.health("pay") == Health.UP, p::snapshot);
            assertEquals(2, listener.count("pay:UP->DOWN"));
            assertEquals(2, listener.count("pay:DOWN->UP"));

            // a reload (no target configured) keeps it, with its verdict, and its inherited settings follow
            p.reconfigure(config("watchdog.health.interval=60ms", "watchdog.health.unhealthy-threshold=3"));
            assertEquals(Health.UP, p.health("pay"));
            assertEquals(Duration.ofMillis(60), p.target("pay").interval());
            assertEquals(3, p.target("pay").unhealthyThreshold());
            assertEquals(0, listener.count("pay:removed"));

            p.removeCode("pay");
            assertEquals(1, listener.count("pay:removed"));
            assertEquals(Health.UNKNOWN, p.health("pay"));
            assertNull(p.target("pay"));
        }
    }

    /** A configured target's name is not taken; a check slower than its timeout fails as a timeout. */
    @Test
    void configuredNamesWinAndSlowChecksTimeOut() throws Exception {
        try (HealthPinger p = new HealthPinger(config("watchdog.health.interval=40ms", "watchdog.health.unhealthy-threshold=1",
                "watchdog.target.db.check=tcp://127.0.0.1:9"), listener)) {
            p.start();
            assertFalse(p.addCode("db", settings("db", null), () -> true));
            AtomicInteger calls = new AtomicInteger();
            assertTrue(p.addCode("slow", settings("slow", Duration.ofMillis(100)), () -> {
                if (calls.incrementAndGet() > 1) {   // the first check's deadline is generous (a cold JVM): later ones
                    Thread.sleep(5_000);
                }
                return true;
            }));
            Await.until("slow UP", () -> p.health("slow") == Health.UP, p::snapshot);
            Await.until("slow DOWN", () -> p.health("slow") == Health.DOWN, p::snapshot);
            assertTrue(lastReason(p, "slow").contains("timed out"), lastReason(p, "slow"));
            p.removeCode("slow");
        }
    }

    /** Once closed, the agent holds nothing of the application's check: its class loader could go. */
    @Test
    void aClosedCheckIsNotReferenced() throws Exception {
        try (HealthPinger p = new HealthPinger(config("watchdog.health.interval=30ms"), listener)) {
            p.start();
            WeakReference<Callable<?>> ref = register(p);
            Await.until("checked", () -> p.health("gone") == Health.UP, p::snapshot);
            p.removeCode("gone");
            Await.until("collected", () -> {
                System.gc();
                return ref.get() == null;
            }, () -> "the check is still referenced");
        }
    }

    private static WeakReference<Callable<?>> register(HealthPinger p) {
        Callable<Boolean> check = new Callable<>() {
            private final byte[] weight = new byte[1 << 20];

            @Override
            public Boolean call() {
                return weight.length > 0;
            }
        };
        p.addCode("gone", settings("gone", null), check);
        return new WeakReference<>(check);
    }

    private static String lastReason(HealthPinger p, String name) {
        List<Transition> t = view(p, name).transitions();
        return t.get(t.size() - 1).reason();
    }

    private static TargetView view(HealthPinger p, String name) {
        return p.snapshot().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
