package dev.watchdog.agent.health;

import dev.watchdog.agent.hosts.GrpcUrls;
import dev.watchdog.agent.hosts.HostPort;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Healthy when the server answers the standard {@code grpc.health.v1.Health/Check} with
 * {@code SERVING}. Speaks just enough HTTP/2 (prior-knowledge h2c, plain text) over a plain socket to
 * send one request and read its answer: no gRPC library, nothing loaded into the application.
 *
 * <p>The request's headers are HPACK literals without indexing and without Huffman coding, which
 * every decoder accepts. Of the answer only the DATA (the health status) and, where it is plainly
 * written, the {@code grpc-status} trailer are read; a trailers-only answer (an unknown service, a
 * server without the health service), RST_STREAM or GOAWAY is DOWN.
 */
final class GrpcCheck implements Check {

    static final String PATH = "/grpc.health.v1.Health/Check";

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    /** The HTTP/2 default SETTINGS_MAX_FRAME_SIZE, which we never raise: a longer frame is not HTTP/2. */
    private static final int MAX_FRAME = 16_384;
    /** A health answer is a few bytes; more is not one, and is not buffered. */
    private static final int MAX_ANSWER = 4_096;
    private static final String[] SERVING_STATUS = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
    private static final String[] GRPC_STATUS = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private final String host;
    private final int port;
    private final String service;

    GrpcCheck(String host, int port, String service) {
        this.host = host;
        this.port = port;
        this.service = service;
    }

    /** {@code grpc://host:port[/service]}. */
    static GrpcCheck of(String url) {
        HostPort hp = HostPort.parse(GrpcUrls.authority(url));
        if (hp == null || hp.port() <= 0) {
            throw new IllegalArgumentException("grpc check has no valid host:port");
        }
        return new GrpcCheck(hp.host(), hp.port(), GrpcUrls.service(url));
    }

    @Override
    public void run(Duration timeout) throws Exception {
        long millis = Math.max(1, timeout.toMillis());
        long deadline = System.nanoTime() + millis * 1_000_000;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) millis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request());
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
            Answer answer = new Answer();
            while (!answer.ended) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no health answer within " + millis + "ms");
                }
                socket.setSoTimeout((int) left);
                frame(in, out, answer);
            }
            answer.verdict();
        } catch (EOFException e) {
            throw new IOException("connection closed before the health answer", e);
        }
    }

    /** The connection preface, an empty SETTINGS, the call's HEADERS and its one DATA frame, ending the stream. */
    byte[] request() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        literal(headers, ":method", "POST");
        literal(headers, ":scheme", "http");
        literal(headers, ":path", PATH);
        literal(headers, ":authority", (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
        literal(headers, "content-type", "application/grpc");
        literal(headers, "te", "trailers");
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        if (name.length > 0) {
            message.write(0x0A);   // field 1, length-delimited: HealthCheckRequest.service
            varint(message, name.length);
            message.write(name);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0);   // not compressed
        int length = message.size();
        data.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        message.writeTo(data);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(PREFACE);
        frameHeader(all, 0, SETTINGS, 0, 0);
        frameHeader(all, headers.size(), HEADERS, END_HEADERS, 1);
        headers.writeTo(all);
        frameHeader(all, data.size(), DATA, END_STREAM, 1);
        data.writeTo(all);
        return all.toByteArray();
    }

    /** Reads one frame, answers what the connection needs (SETTINGS and PING acknowledgements), notes what stream 1 got. */
    private static void frame(DataInputStream in, OutputStream out, Answer answer) throws IOException {
        int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        if (length > MAX_FRAME) {
            throw new IOException("not an HTTP/2 (h2c) server: a frame of " + length + " bytes");
        }
        if (!answer.settings && type != SETTINGS) {
            throw new IOException("not an HTTP/2 (h2c) server: it did not start with SETTINGS");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        switch (type) {
            case SETTINGS -> {
                if (stream != 0 || (flags & ACK) == 0 && length % 6 != 0) {
                    throw new IOException("not an HTTP/2 (h2c) server: a malformed SETTINGS frame");
                }
                if ((flags & ACK) == 0) {
                    frameHeader(out, 0, SETTINGS, ACK, 0);
                    out.flush();
                }
                answer.settings = true;
            }
            case PING -> {
                if ((flags & ACK) == 0 && length == 8) {
                    frameHeader(out, 8, PING, ACK, 0);
                    out.write(payload);
                    out.flush();
                }
            }
            case GOAWAY -> {
                int lastStream = length >= 8 ? readInt(payload, 0) & 0x7fffffff : 0;
                if (lastStream < 1) {
                    throw new IOException("server refused the health call (GOAWAY, " + errorCode(payload, 4) + ")");
                }
            }
            case RST_STREAM -> {
                if (stream == 1) {
                    throw new IOException("server reset the health call (RST_STREAM, " + errorCode(payload, 0) + ")");
                }
            }
            case DATA -> {
                if (stream == 1) {
                    answer.data(unpadded(payload, flags, 0));
                    answer.ended = (flags & END_STREAM) != 0;
                }
            }
            case HEADERS -> {
                if (stream == 1) {
                    answer.headerBlock(unpadded(payload, flags, (flags & PRIORITY) != 0 ? 5 : 0));
                    answer.endsWithHeaders = (flags & END_STREAM) != 0;
                    answer.inHeaders = (flags & END_HEADERS) == 0;
                    answer.ended = answer.endsWithHeaders && !answer.inHeaders;
                }
            }
            case CONTINUATION -> {
                if (stream == 1 && answer.inHeaders) {
                    answer.headerBlock(payload);
                    answer.inHeaders = (flags & END_HEADERS) == 0;
                    answer.ended = answer.endsWithHeaders && !answer.inHeaders;
                }
            }
            default -> {
                // PRIORITY, WINDOW_UPDATE, frames of other streams, extensions: nothing the answer needs
            }
        }
    }

    /** What stream 1 brought: the DATA bytes and the grpc-status trailer, when written plainly. */
    private static final class Answer {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean settings;
        boolean ended;
        boolean inHeaders;
        boolean endsWithHeaders;
        String grpcStatus;

        void data(byte[] bytes) throws IOException {
            if (data.size() + bytes.length > MAX_ANSWER) {
                throw new IOException("not a health answer: more than " + MAX_ANSWER + " bytes");
            }
            data.write(bytes);
        }

        void headerBlock(byte[] block) {
            String status = Hpack.plainValue(block, "grpc-status");
            if (status != null) {
                grpcStatus = status;
            }
        }

        /** Returns when the answer is SERVING, else throws with the reason. */
        void verdict() throws IOException {
            if (grpcStatus != null && !grpcStatus.equals("0")) {
                throw new IOException("health call failed: " + grpcStatusName(grpcStatus));
            }
            byte[] bytes = data.toByteArray();
            if (bytes.length == 0) {
                throw new IOException("no health status in the answer (trailers only"
                        + (grpcStatus != null ? ")" : ": an unknown service, or no health service)"));
            }
            if (bytes.length < 5 || bytes[0] != 0 || readInt(bytes, 1) != bytes.length - 5) {
                throw new IOException("not a health answer: " + bytes.length + " bytes that are not one uncompressed gRPC message");
            }
            int status = servingStatus(bytes, 5);
            if (status != 1) {
                throw new IOException("health status " + (status >= 0 && status < SERVING_STATUS.length ? SERVING_STATUS[status] : status));
            }
        }
    }

    /** HealthCheckResponse.status (field 1, a varint); 0 (UNKNOWN) when absent, as protobuf says. */
    static int servingStatus(byte[] message, int from) throws IOException {
        int[] at = {from};
        int status = 0;
        while (at[0] < message.length) {
            long tag = readVarint(message, at);
            int wire = (int) (tag & 7);
            long field = tag >>> 3;
            switch (wire) {
                case 0 -> {
                    long value = readVarint(message, at);
                    if (field == 1) {
                        status = (int) value;
                    }
                }
                case 1 -> at[0] += 8;
                case 2 -> at[0] += (int) readVarint(message, at);
                case 5 -> at[0] += 4;
                default -> throw new IOException("not a health answer: a malformed message");
            }
        }
        if (at[0] != message.length) {
            throw new IOException("not a health answer: a truncated message");
        }
        return status;
    }

    private static long readVarint(byte[] b, int[] at) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= b.length) {
                throw new IOException("not a health answer: a truncated message");
            }
            int c = b[at[0]++];
            value |= (long) (c & 0x7f) << shift;
            if ((c & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("not a health answer: a malformed message");
    }

    private static String grpcStatusName(String code) {
        try {
            int c = Integer.parseInt(code);
            return c >= 0 && c < GRPC_STATUS.length ? GRPC_STATUS[c] : "grpc-status " + code;
        } catch (NumberFormatException e) {
            return "grpc-status " + code;
        }
    }

    private static String errorCode(byte[] payload, int at) {
        int code = payload.length >= at + 4 ? readInt(payload, at) : -1;
        return switch (code) {
            case 0 -> "NO_ERROR";
            case 1 -> "PROTOCOL_ERROR";
            case 2 -> "INTERNAL_ERROR";
            case 7 -> "REFUSED_STREAM";
            case 8 -> "CANCEL";
            case 11 -> "ENHANCE_YOUR_CALM";
            case 13 -> "HTTP_1_1_REQUIRED";
            default -> "error " + code;
        };
    }

    private static byte[] unpadded(byte[] payload, int flags, int skip) throws IOException {
        int pad = 0;
        int from = skip;
        if ((flags & PADDED) != 0) {
            if (payload.length == 0) {
                throw new IOException("not an HTTP/2 (h2c) server: a malformed padded frame");
            }
            pad = payload[0] & 0xff;
            from++;
        }
        int to = payload.length - pad;
        if (to < from) {
            throw new IOException("not an HTTP/2 (h2c) server: a malformed padded frame");
        }
        byte[] body = new byte[to - from];
        System.arraycopy(payload, from, body, 0, body.length);
        return body;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static void frameHeader(OutputStream out, int length, int type, int flags, int stream) throws IOException {
        out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
            (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
    }

    /** HPACK "literal header field without indexing, new name", both strings plain (no Huffman). */
    private static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0);
        Hpack.string(out, name.getBytes(StandardCharsets.US_ASCII));
        Hpack.string(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    /** The little of HPACK (RFC 7541) the check needs. */
    static final class Hpack {

        private Hpack() {
        }

        /** A string literal: the H bit clear, the length as a 7-bit-prefix integer, the bytes. */
        static void string(ByteArrayOutputStream out, byte[] bytes) {
            integer(out, 0, 7, bytes.length);
            out.write(bytes, 0, bytes.length);
        }

        static void integer(ByteArrayOutputStream out, int firstBits, int prefix, int value) {
            int max = (1 << prefix) - 1;
            if (value < max) {
                out.write(firstBits | value);
                return;
            }
            out.write(firstBits | max);
            int v = value - max;
            while (v >= 128) {
                out.write((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write(v);
        }

        /**
         * The value of the field {@code name} where the block writes it as a literal with a new,
         * plain name and a plain value; null otherwise (an indexed or Huffman-coded field is skipped:
         * the check's verdict never depends on it alone).
         */
        static String plainValue(byte[] block, String name) {
            int[] at = {0};
            try {
                while (at[0] < block.length) {
                    int b = block[at[0]] & 0xff;
                    if ((b & 0x80) != 0) {
                        readInteger(block, at, 7);   // indexed field
                        continue;
                    }
                    if ((b & 0xe0) == 0x20) {
                        readInteger(block, at, 5);   // dynamic table size update
                        continue;
                    }
                    int index = readInteger(block, at, (b & 0x40) != 0 ? 6 : 4);
                    String fieldName = index == 0 ? readString(block, at) : null;
                    String value = readString(block, at);
                    if (name.equals(fieldName)) {
                        return value;
                    }
                }
            } catch (RuntimeException malformed) {
                return null;
            }
            return null;
        }

        private static int readInteger(byte[] b, int[] at, int prefix) {
            int max = (1 << prefix) - 1;
            int value = b[at[0]++] & max;
            if (value < max) {
                return value;
            }
            for (int shift = 0; shift < 28; shift += 7) {
                int c = b[at[0]++] & 0xff;
                value += (c & 0x7f) << shift;
                if ((c & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("HPACK integer too long");
        }

        /** The string's text, or null for a Huffman-coded one (skipped). */
        private static String readString(byte[] b, int[] at) {
            boolean huffman = (b[at[0]] & 0x80) != 0;
            int length = readInteger(b, at, 7);
            if (length < 0 || at[0] + length > b.length) {
                throw new IllegalArgumentException("HPACK string past the block");
            }
            String s = huffman ? null : new String(b, at[0], length, StandardCharsets.ISO_8859_1);
            at[0] += length;
            return s;
        }
    }

}
