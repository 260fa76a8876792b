package dev.watchdog.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a properties file keeping each key's line number. Values come from {@link Properties}
 * itself (escapes, separators, continuations); we only cut the text into logical lines first and
 * hand Properties one logical line at a time, so the line of each key is known.
 */
final class PropertiesFile {

    /** A config file is a few kilobytes; refusing big ones keeps a wrong path (a log, a device) from hurting startup. */
    static final int MAX_BYTES = 1024 * 1024;
    /** What problems about a line without a key name instead of a key. */
    static final String NO_KEY = "(no key)";

    private PropertiesFile() {
    }

    /**
     * The file's settings in file order, the last of duplicate keys winning; null after an error.
     *
     * @param key, where how the file was named, for errors about the file as a whole
     */
    static List<Setting> read(Path file, String key, String where, Problems problems) {
        String text = readText(file, key, where, problems);
        if (text == null) {
            return null;
        }
        Map<String, Setting> byKey = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            String trimmed = lines[i].stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsWithContinuation(lines[i]) && i + 1 < lines.length) {
                i++;
                logical.append('\n').append(lines[i]);
            }
            Setting s = parseLogicalLine(logical.toString(), "line " + (first + 1), problems);
            if (s == null) {
                continue;
            }
            Setting previous = byKey.remove(s.key());
            if (previous != null) {
                problems.warn(s, "duplicate key: " + previous.where() + " is overridden by " + s.where());
            }
            byKey.put(s.key(), s);
        }
        return new ArrayList<>(byKey.values());
    }

    private static String readText(Path file, String key, String where, Problems problems) {
        try {
            if (!Files.exists(file)) {
                problems.error(key, where, "config file " + file + " does not exist");
                return null;
            }
            if (!Files.isRegularFile(file)) {
                problems.error(key, where, "config file " + file + " is not a regular file");
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                // refused from its size alone: a 100 MB log named by mistake is not read at all
                return tooLarge(file, key, where, problems);
            }
            byte[] bytes;
            // read at most one byte past the limit: sizes of special files cannot be trusted
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return tooLarge(file, key, where, problems);
            }
            return decode(bytes);
        } catch (IOException | RuntimeException e) {
            problems.error(key, where, "config file " + file + " cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
    }

    private static String tooLarge(Path file, String key, String where, Problems problems) {
        problems.error(key, where, "config file " + file + " is larger than 1 MiB; expected a small properties file");
        return null;
    }

    /** UTF-8, falling back to ISO-8859-1 (the classic properties encoding) when the bytes are not UTF-8. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** An odd number of trailing backslashes continues the line. */
    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static Setting parseLogicalLine(String logical, String where, Problems problems) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(logical));
        } catch (IOException | IllegalArgumentException e) {
            // Properties rejects a malformed \\uXXXX escape; name the key, not the (possibly secret) value
            String key = logical.strip().split("[=:\\s]", 2)[0];
            problems.error(key.isEmpty() ? NO_KEY : key, where, "malformed \\uXXXX escape; expected four hex digits after \\u");
            return null;
        }
        Map<String, String> one = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            one.put(name, p.getProperty(name));
        }
        if (one.isEmpty()) {
            return null;
        }
        Map.Entry<String, String> e = one.entrySet().iterator().next();
        if (e.getKey().isBlank()) {
            problems.warn(NO_KEY, where, "a line with a value but no key; ignored; expected KEY=VALUE");
            return null;
        }
        return new Setting(e.getKey(), e.getValue().strip(), where);
    }
}
