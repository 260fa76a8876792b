package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("watchdog.health.interval", "watchdog.health.timeout", "watchdog.log.level");

    @Test
    void distances() {
        assertEquals(0, Suggestions.levenshtein("abc", "abc"));
        assertEquals(1, Suggestions.levenshtein("abc", "abd"));
        assertEquals(3, Suggestions.levenshtein("", "abc"));
        assertEquals(3, Suggestions.levenshtein("kitten", "sitting"));
    }

    @Test
    void nearestWithinTypoDistance() {
        assertEquals("watchdog.health.interval", Suggestions.nearest("watchdog.helth.interval", KEYS));
        assertEquals("watchdog.log.level", Suggestions.nearest("watchdog.log.lvl", KEYS));
        assertEquals("watchdog.log.level", Suggestions.nearest("WATCHDOG.LOG.LEVEL", KEYS));
        assertNull(Suggestions.nearest("watchdog.something.else.entirely", KEYS));
        assertNull(Suggestions.nearest("x".repeat(10_000), KEYS));
        assertEquals("", Suggestions.hint("zzz", KEYS));
    }
}
