package dev.watchdog.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            host           | host  | -1
            Host:80        | Host  | 80
            [::1]          | ::1   | -1
            [::1]:5432     | ::1   | 5432
            fe80::1%eth0   | fe80::1%eth0 | -1
            10.0.0.1:65535 | 10.0.0.1 | 65535
            under_score:1  | under_score | 1
            """)
    void parses(String text, String host, int port) {
        assertEquals(new HostPort(host, port), HostPort.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":80", "host:", "host:0", "host:65536", "host:8o", "[::1", "[::1]x", "[::1]:", "[zz]:1",
        "ho st", "h/x:1", "g:h:i", "host:123456"})
    void rejects(String text) {
        assertNull(HostPort.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"Host,-1,80,host:80", "h,5,80,h:5", "::1,-1,443,[::1]:443"})
    void keys(String host, int port, int defaultPort, String key) {
        assertEquals(key, new HostPort(host, port).key(defaultPort));
    }
}
