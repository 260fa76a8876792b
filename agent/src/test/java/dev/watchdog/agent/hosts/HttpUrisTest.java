package dev.watchdog.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpUrisTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://api.example.com/health           | api.example.com:80
            https://api.example.com/health          | api.example.com:443
            HTTPS://API.Example.com:8443/x          | api.example.com:8443
            http://user:pw@svc:8080/                | svc:8080
            http://[::1]:8080/                      | [::1]:8080
            https://[2001:DB8::2]/                  | [2001:db8::2]:443
            ws://socket.local/                      | socket.local:80
            wss://socket.local/                     | socket.local:443
            http://my_service:9000/health           | my_service:9000
            http://my_service/health                | my_service:80
            ftp://files.local:21/                   | files.local:21
            """)
    void hostKey(String uri, String expected) {
        assertEquals(expected, HttpUris.hostKey(URI.create(uri)));
    }

    @Test
    void noHostOrUnknownPortIsNull() {
        assertNull(HttpUris.hostKey(null));
        assertNull(HttpUris.hostKey(URI.create("/relative/path")));
        assertNull(HttpUris.hostKey(URI.create("mailto:a@b.c")));
        assertNull(HttpUris.hostKey(URI.create("file:///tmp/x")));
        assertNull(HttpUris.hostKey(URI.create("ftp://files.local/")));
    }
}
