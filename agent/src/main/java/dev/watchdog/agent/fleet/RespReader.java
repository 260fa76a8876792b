package dev.watchdog.agent.fleet;

import dev.watchdog.agent.hosts.Resp;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP2 replies as plain values: String (simple and bulk strings), Long, {@link RespError},
 * List (arrays) and null. Bounded: a reply is at most {@link #MAX_REPLY} bytes, {@link #MAX_ELEMENTS}
 * elements and {@link #MAX_DEPTH} arrays deep, and nothing is allocated from a length the server
 * announced before its bytes have arrived, so a hostile server cannot make us allocate much.
 * Buffers itself (unsynchronized: one thread reads a connection), so that waiting for the next reply
 * can time out without losing a byte.
 */
final class RespReader {

    static final int MAX_REPLY = 4 * 1024 * 1024;
    static final int MAX_ELEMENTS = 100_000;
    static final int MAX_DEPTH = 4;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private long budget;
    private int elements;

    RespReader(InputStream in) {
        this.in = in;
    }

    /** The next reply; blocks up to the socket's read timeout. */
    Object read() throws IOException {
        budget = MAX_REPLY;
        elements = 0;
        return value(0);
    }

    boolean buffered() {
        return pos < limit;
    }

    /** Whether bytes are buffered, reading once if none are (a read timeout then leaves the reader intact). */
    boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new IOException("connection closed");
        }
        pos = 0;
        limit = n;
        return n > 0;
    }

    private Object value(int depth) throws IOException {
        int type = next();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new RespError(line);
            case ':' -> number(line);
            case '$' -> bulk(number(line));
            case '*' -> array(number(line), depth);
            default -> throw new ProtocolException("not a RESP reply (type byte " + type + ")");
        };
    }

    private String bulk(long length) throws IOException {
        if (length < 0) {
            return null;
        }
        spend(length + 2);
        byte[] bytes = new byte[(int) length];   // within the budget, which bounds it
        int read = 0;
        while (read < length) {
            if (pos == limit) {
                fill();
            }
            int n = Math.min(limit - pos, (int) length - read);
            System.arraycopy(buf, pos, bytes, read, n);
            pos += n;
            read += n;
        }
        if (next() != '\r' || next() != '\n') {
            throw new ProtocolException("bulk string without its CRLF");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> array(long count, int depth) throws IOException {
        if (count < 0) {
            return null;
        }
        if (depth >= MAX_DEPTH || count > MAX_ELEMENTS - elements) {
            throw new ProtocolException("reply too large or too deep");
        }
        elements += (int) count;
        List<Object> list = new ArrayList<>((int) Math.min(count, 16));
        for (long i = 0; i < count; i++) {
            list.add(value(depth + 1));
        }
        return list;
    }

    private int next() throws IOException {
        if (pos == limit) {
            fill();
        }
        spend(1);
        return buf[pos++] & 0xff;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = next()) != '\r') {
            if (s.length() >= Resp.MAX_LINE) {
                throw new ProtocolException("reply line too long");
            }
            s.append((char) c);
        }
        if (next() != '\n') {
            throw new ProtocolException("reply line without its LF");
        }
        return s.toString();
    }

    private static long number(String line) throws ProtocolException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not a number in a reply");
        }
    }

    private void spend(long bytes) throws ProtocolException {
        budget -= bytes;
        if (budget < 0) {
            throw new ProtocolException("reply larger than " + MAX_REPLY + " bytes");
        }
    }
}
