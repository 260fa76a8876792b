package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {

    @Test
    void values() {
        assertEquals(Duration.ofMillis(250), ValueType.POSITIVE_DURATION.parse("250ms"));
        assertEquals(3, ValueType.AT_LEAST_ONE.parse(" 3 "));
        assertEquals(true, ValueType.BOOLEAN.parse("TRUE"));
        assertEquals(false, ValueType.BOOLEAN.parse("false"));
        assertEquals("warn", ValueType.oneOf("info", "warn").parse("WARN"));
        assertEquals(List.of("db:5432", "[::1]:5433"), ValueType.HOST_LIST.parse("DB:5432, [::1]:5433,db:5432"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "db:", ":5432", "db:5432,", "db:5432,,b:1", "db:x", "[::1]", "http://db:80"})
    void hostListNeedsPorts(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueType.HOST_LIST.parse(text));
        assertTrue(e.getMessage().contains("port required"), e.getMessage());
    }

    @Test
    void messagesSayWhatIsExpected() {
        assertEquals("is not greater than 0; expected a duration greater than 0, like 250ms or 5s",
                assertThrows(IllegalArgumentException.class, () -> ValueType.POSITIVE_DURATION.parse("0s")).getMessage());
        assertEquals("is less than 1; expected a whole number >= 1",
                assertThrows(IllegalArgumentException.class, () -> ValueType.AT_LEAST_ONE.parse("0")).getMessage());
        assertEquals("is not a whole number; expected a whole number >= 1",
                assertThrows(IllegalArgumentException.class, () -> ValueType.AT_LEAST_ONE.parse("1.5")).getMessage());
        assertEquals("is not a boolean; expected true or false",
                assertThrows(IllegalArgumentException.class, () -> ValueType.BOOLEAN.parse("yes")).getMessage());
    }
}
