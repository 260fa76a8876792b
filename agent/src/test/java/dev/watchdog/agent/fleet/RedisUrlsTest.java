package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.watchdog.agent.hosts.RedisUrls;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlsTest {

    @Test
    void readsUserPasswordDbAndTls() {
        assertEquals(new RedisUrls.Endpoint(false, "127.0.0.1", 6379, null, null, 0), RedisUrls.parse("redis://127.0.0.1", null));
        assertEquals(new RedisUrls.Endpoint(false, "r", 6380, "app", "p@ss:w", 2), RedisUrls.parse("redis://app:p%40ss:w@r:6380/2", null));
        assertEquals(new RedisUrls.Endpoint(true, "cache.example", 6379, null, "pw", 0), RedisUrls.parse("rediss://:pw@cache.example/", null));
        assertEquals(new RedisUrls.Endpoint(false, "::1", 7000, null, "only", 0), RedisUrls.parse("redis://only@[::1]:7000", null));
        assertEquals("fallback", RedisUrls.parse("redis://h", "fallback").password());
        assertEquals(-1, RedisUrls.parse("redis://h/x", null).db());
        assertThrows(IllegalArgumentException.class, () -> RedisUrls.parse("redis://:pw@/1", null));
        assertThrows(IllegalArgumentException.class, () -> RedisUrls.parse("http://h", null));
    }

    @Test
    void neverShowsThePassword() {
        assertEquals("rediss://app:***@r:6380/2", RedisUrls.parse("rediss://app:hunter2@r:6380/2", null).toString());
        FleetSettings s = new FleetSettings("redis://hunter2@r/1", "f", "m", 3, "topsecret".getBytes(),
                Duration.ofSeconds(1), Duration.ofMillis(300));
        assertEquals("redis://:***@r:6379/1", s.safeRedis());
        assertFalse(s.toString().contains("hunter2") || s.toString().contains("topsecret"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> new FleetSettings("redis://r/x", "f", "m", 3, new byte[1],
                Duration.ofSeconds(1), Duration.ofMillis(300)));
        assertThrows(IllegalArgumentException.class, () -> new FleetSettings("redis://r", "f", "m", 3, new byte[0],
                Duration.ofSeconds(1), Duration.ofMillis(300)));
    }
}
