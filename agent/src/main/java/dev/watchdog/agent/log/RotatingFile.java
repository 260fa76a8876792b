package dev.watchdog.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file rotated by size, logrotate style: when the next line would pass
 * {@code maxBytes}, {@code f} becomes {@code f.1}, {@code f.1} becomes {@code f.2} ... and only
 * {@code keep} rotated files are kept. Not thread-safe: the caller serialises.
 */
final class RotatingFile implements AutoCloseable {

    private final Path file;
    private long maxBytes;
    private int keep;
    private OutputStream out;
    private long size;

    RotatingFile(Path file, long maxBytes, int keep) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keep = keep;
        Path dir = this.file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        open();
    }

    /** New limits (a reload): the next line rotates by them; rotated files beyond a lower {@code keep} go at the next rotation. */
    void limit(long maxBytes, int keep) {
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    void write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        out.flush();   // a crash loses no event; our lines are few
        size += bytes.length;
    }

    private void rotate() throws IOException {
        out.close();
        // the oldest, and any left beyond a keep a reload lowered
        for (int i = Math.max(keep, 1); Files.deleteIfExists(rotated(i)); i++) {
        }
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep > 0) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(file);
        }
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
