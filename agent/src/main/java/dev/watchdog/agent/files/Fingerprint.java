package dev.watchdog.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a path holds at one moment: the SHA-256 of the content it resolves to (following symlinks,
 * so a Kubernetes {@code ..data} swap is a change like any other), or why there is no hash.
 *
 * @param hash lower-case hex SHA-256; null when missing, too large or unreadable
 * @param size bytes; -1 when missing or unreadable
 * @param error why the file could not be read, else null
 */
record Fingerprint(String hash, long size, boolean missing, boolean tooLarge, String error) {

    static final Fingerprint MISSING = new Fingerprint(null, -1, true, false, null);

    /** Reads and hashes at most {@code maxSize} bytes; never throws. */
    static Fingerprint of(Path path, long maxSize) {
        try {
            Path real = path.toRealPath();
            long size = Files.size(real);
            if (size > maxSize) {
                return new Fingerprint(null, size, false, true, null);
            }
            MessageDigest sha = sha256();
            byte[] buf = new byte[8192];
            long read = 0;
            try (InputStream in = Files.newInputStream(real)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    read += n;
                    if (read > maxSize) {
                        return new Fingerprint(null, read, false, true, null);   // grew while we read it
                    }
                    sha.update(buf, 0, n);
                }
            }
            return new Fingerprint(HexFormat.of().formatHex(sha.digest()), read, false, false, null);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException | SecurityException e) {
            return new Fingerprint(null, -1, false, false, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Same state as far as a reader cares: a file that stays too large or unreadable is not "changed" again. */
    boolean same(Fingerprint other) {
        return other != null && missing == other.missing && tooLarge == other.tooLarge
                && Objects.equals(hash, other.hash) && (error == null) == (other.error == null);
    }

    /** For logs: the hash, or what stands in for it. */
    String shown() {
        return missing ? "MISSING" : tooLarge ? "TOO-LARGE" : error != null ? "UNREADABLE" : hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
