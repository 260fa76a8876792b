package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespReaderTest {

    private static Object read(String text) throws IOException {
        return new RespReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).read();
    }

    @Test
    void readsEveryReplyType() throws IOException {
        assertEquals("OK", read("+OK\r\n"));
        assertEquals(new RespError("ERR no"), read("-ERR no\r\n"));
        assertEquals(42L, read(":42\r\n"));
        assertEquals("h\u00e9", read("$3\r\nh\u00e9\r\n"));
        assertNull(read("$-1\r\n"));
        assertEquals(List.of("a", 1L, List.of("b")), read("*3\r\n$1\r\na\r\n:1\r\n*1\r\n+b\r\n"));
    }

    @Test
    void aHostileServerCannotMakeItAllocateMuch() {
        // announced sizes are not trusted: nothing is allocated for them before the budget says yes
        assertThrows(ProtocolException.class, () -> read("$2000000000\r\n"));
        assertThrows(ProtocolException.class, () -> read("*2000000000\r\n"));
        assertThrows(ProtocolException.class, () -> read("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"));
        assertThrows(ProtocolException.class, () -> read("+" + "x".repeat(600) + "\r\n"));
        assertThrows(ProtocolException.class, () -> read("?\r\n"));
        // many bulk strings that together pass the budget
        byte[] chunk = ("$" + (1 << 20) + "\r\n" + "x".repeat(1 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream many = new SequenceInputStream(new ByteArrayInputStream("*5\r\n".getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(repeat(chunk, 5)));
        assertThrows(ProtocolException.class, () -> new RespReader(many).read());
    }

    private static byte[] repeat(byte[] b, int n) {
        byte[] out = Arrays.copyOf(b, b.length * n);
        for (int i = 1; i < n; i++) {
            System.arraycopy(b, 0, out, i * b.length, b.length);
        }
        return out;
    }
}
