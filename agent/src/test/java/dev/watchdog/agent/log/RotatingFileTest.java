package dev.watchdog.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

    @TempDir
    Path dir;

    @Test
    void rotatesBeforePassingTheSizeAndKeepsOnlyTheNewestFiles() throws Exception {
        Path log = dir.resolve("logs/agent.log");
        try (RotatingFile f = new RotatingFile(log, 100, 2)) {
            for (int i = 0; i < 20; i++) {
                f.write("line %02d ".formatted(i) + "x".repeat(30));   // 40 bytes with its newline: 2 a file
            }
        }
        assertEquals(List.of("line 18", "line 19"), starts(log));
        assertEquals(List.of("line 16", "line 17"), starts(dir.resolve("logs/agent.log.1")));
        assertEquals(List.of("line 14", "line 15"), starts(dir.resolve("logs/agent.log.2")));
        assertFalse(Files.exists(dir.resolve("logs/agent.log.3")));
        for (Path p : List.of(log, dir.resolve("logs/agent.log.1"))) {
            assertTrue(Files.size(p) <= 100, p + " is " + Files.size(p) + " bytes");
        }
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Path log = Files.writeString(dir.resolve("agent.log"), "x".repeat(90) + "\n");
        try (RotatingFile f = new RotatingFile(log, 100, 1)) {
            f.write("next line!");   // 11 bytes: 102 > 100
        }
        assertEquals(List.of("next line!"), Files.readAllLines(log));
        assertEquals(91, Files.size(dir.resolve("agent.log.1")));
    }

    @Test
    void keepZeroKeepsOnlyTheCurrentFile() throws Exception {
        Path log = dir.resolve("agent.log");
        try (RotatingFile f = new RotatingFile(log, 10, 0)) {
            f.write("first line");
            f.write("second line");
        }
        assertEquals(List.of("second line"), Files.readAllLines(log));
        assertFalse(Files.exists(dir.resolve("agent.log.1")));
    }

    /** A reload lowers size and keep: the next line rotates by the new size, and the files beyond the new keep go. */
    @Test
    void newLimitsApplyFromTheNextLine() throws Exception {
        Path log = dir.resolve("agent.log");
        try (RotatingFile f = new RotatingFile(log, 100, 3)) {
            for (int i = 0; i < 8; i++) {
                f.write("line %02d ".formatted(i) + "x".repeat(30));   // 40 bytes: 2 a file, 3 rotated files
            }
            assertTrue(Files.exists(dir.resolve("agent.log.3")));
            f.limit(50, 1);
            f.write("line 08 " + "x".repeat(30));
        }
        assertEquals(List.of("line 08"), starts(log), "40 + 40 bytes pass the new 50");
        assertEquals(List.of("line 06", "line 07"), starts(dir.resolve("agent.log.1")));
        assertFalse(Files.exists(dir.resolve("agent.log.2")));
        assertFalse(Files.exists(dir.resolve("agent.log.3")));
    }

    private static List<String> starts(Path p) throws Exception {
        return Files.readAllLines(p).stream().map(l -> l.substring(0, 7)).toList();
    }
}
