package dev.watchdog.testapps.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Narrow class paths for children that must not see the whole test class path (isolation, own class loaders). */
public final class ClassPaths {

    private ClassPaths() {
    }

    /** test-apps' own compiled applications ({@code target/classes}): JDK-only code, no library. */
    public static Path testAppsClasses() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.endsWith(Path.of("target", "classes")) && Files.isDirectory(p))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no target/classes on the test class path"));
    }

    /** The jar (or directory) {@code type} was loaded from in this JVM. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every jar directly in {@code dir}, sorted. */
    public static List<Path> jarsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    public static String join(List<Path> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(p -> out.add(p.toAbsolutePath().toString()));
        return String.join(File.pathSeparator, out);
    }
}
