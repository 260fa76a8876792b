package dev.watchdog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's memory is, as the JVM itself tells it through {@code jcmd}: Native Memory Tracking's committed
 * sizes per category (the JVM must run with {@code -XX:NativeMemoryTracking=summary}) and the live heap per class
 * name prefix from a class histogram (which runs a full GC first). Two such pictures, with and without an agent,
 * say where the agent's resident memory goes.
 */
final class NativeMemory {

    static final String FLAG = "-XX:NativeMemoryTracking=summary";
    private static final Pattern CATEGORY = Pattern.compile("^-\\s*([A-Za-z][A-Za-z &]*?)\\s*\\(reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern HISTOGRAM = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    /** Categories that move by less are left out of a description. */
    private static final long NOISE_KIB = 256;

    private NativeMemory() {
    }

    /** Committed KiB per NMT category, in the JVM's order ("Total" first). */
    static Map<String, Long> committed(long pid) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String line : jcmd(pid, "VM.native_memory", "summary")) {
            String l = line.strip();
            if (l.startsWith("Total:")) {
                Matcher total = Pattern.compile("committed=(\\d+)KB").matcher(l);
                if (total.find()) {
                    sizes.put("Total", Long.parseLong(total.group(1)));
                }
                continue;
            }
            Matcher m = CATEGORY.matcher(l);
            if (m.find()) {
                sizes.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return sizes;
    }

    /** Live heap KiB per prefix of class names (a full GC runs first), and under "live heap" the whole. */
    static Map<String, Long> liveHeap(long pid, List<String> prefixes) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        bytes.put("live heap", 0L);
        prefixes.forEach(p -> bytes.put(p, 0L));
        for (String line : jcmd(pid, "GC.class_histogram")) {
            Matcher m = HISTOGRAM.matcher(line);
            if (!m.find()) {
                continue;
            }
            long size = Long.parseLong(m.group(1));
            bytes.merge("live heap", size, Long::sum);
            for (String prefix : prefixes) {
                if (m.group(2).startsWith(prefix)) {
                    bytes.merge(prefix, size, Long::sum);
                }
            }
        }
        bytes.replaceAll((k, v) -> v / 1024);
        return bytes;
    }

    /** "Metaspace +7.6 MiB (75.1 → 82.8), Code +2.3 MiB (...), ...": the categories that moved, largest first. */
    static String difference(Map<String, Long> without, Map<String, Long> with) {
        List<Map.Entry<String, Long>> moved = new ArrayList<>();
        for (Map.Entry<String, Long> e : with.entrySet()) {
            long delta = e.getValue() - without.getOrDefault(e.getKey(), 0L);
            if (Math.abs(delta) >= NOISE_KIB || e.getKey().equals("Total")) {
                moved.add(Map.entry(e.getKey(), delta));
            }
        }
        moved.sort((a, b) -> a.getKey().equals("Total") ? -1 : b.getKey().equals("Total") ? 1
                : Long.compare(Math.abs(b.getValue()), Math.abs(a.getValue())));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : moved) {
            parts.add(String.format(Locale.ROOT, "%s %+.1f MiB (%.1f → %.1f)", e.getKey(), e.getValue() / 1024.0,
                    without.getOrDefault(e.getKey(), 0L) / 1024.0, with.get(e.getKey()) / 1024.0));
        }
        return String.join(", ", parts);
    }

    private static List<String> jcmd(long pid, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
            return out.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroy();
        }
    }
}
