package dev.watchdog.agent.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The two halves of RESP every Redis speaker here needs: a command to write, a bounded line to read. */
public final class Resp {

    /** The longest reply line read: a hostile or wrong server cannot make us buffer more. */
    public static final int MAX_LINE = 512;

    private Resp() {
    }

    /** A RESP array of bulk strings. */
    public static byte[] command(String... parts) {
        StringBuilder s = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            s.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One reply line without its CRLF, cut at {@link #MAX_LINE} bytes. */
    public static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && buf.size() < MAX_LINE) {
            if (c != '\r') {
                buf.write(c);
            }
        }
        if (c < 0 && buf.size() == 0) {
            throw new IOException("connection closed without an answer");
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
