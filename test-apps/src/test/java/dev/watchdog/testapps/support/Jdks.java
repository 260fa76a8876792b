package dev.watchdog.testapps.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Other JDKs installed under /usr/lib/jvm for the compatibility cells; a missing one skips its cell with the reason. */
public final class Jdks {

    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private Jdks() {
    }

    /** The home of an installed JDK of this feature release (e.g. temurin-25-jdk-amd64, java-21-openjdk-amd64). */
    public static Optional<Path> find(int feature) {
        try (Stream<Path> homes = Files.list(JVMS)) {
            return homes.filter(h -> h.getFileName().toString().matches(".*-" + feature + "(-|\\.).*"))
                    .filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JDK's home, or the test is skipped saying why. */
    public static Path require(int feature, String whyMissing) {
        Optional<Path> home = find(feature);
        assumeTrue(home.isPresent(), "no JDK " + feature + " under " + JVMS + ": " + whyMissing + " (cell skipped)");
        return home.get();
    }
}
