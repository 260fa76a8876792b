package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input for {@link ConfigLoader#load(Path, String, Map, Properties)}: generated and mutated
 * properties files must never make it throw, hang, leak a secret into a message, or report an
 * error that does not say which key (or, for the file as a whole, which file) is wrong.
 *
 * <p>{@code -Dwatchdog.fuzz.files=N} and {@code -Dwatchdog.fuzz.seed=S} change the run; a failure
 * prints the seed and the file's start, and writes it whole to {@code target/fuzz-failure.properties}.
 */
class ConfigFuzzTest {

    /** Appears in secret places only (password values, userinfo, secret query parameters, env values). */
    private static final String SECRET = "S3cr3tZq";
    private static final int FILES = Integer.getInteger("watchdog.fuzz.files", 10_000);
    // -Dwatchdog.fuzz.files=200000 for a longer run
    private static final long SEED = Long.getLong("watchdog.fuzz.seed", 20240607L);
    private static final Map<String, String> ENV = Map.of("DB_PASSWORD", SECRET, "DB_HOST", "db.example", "EMPTY", "");

    @TempDir
    Path dir;
    private Properties sys;

    @BeforeEach
    void setUp() {
        sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
    }

    @Test
    void tenThousandHostileFilesNeverThrowNeverHangAndAlwaysNameTheKey() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Random random = new Random(SEED);
            Path file = dir.resolve("fuzz.properties");
            long slowest = 0;
            int rejected = 0;
            for (int i = 0; i < FILES; i++) {
                byte[] bytes = i % 2 == 0 ? generated(random) : mutated(random);
                Files.write(file, bytes);
                long start = System.nanoTime();
                ConfigResult r = ConfigLoader.load(file, null, ENV, sys);
                long took = System.nanoTime() - start;
                slowest = Math.max(slowest, took);
                String context = "seed " + SEED + " file #" + i + ":\n" + preview(bytes);
                assertTrue(took < Duration.ofSeconds(5).toNanos(), "one load took " + took / 1_000_000 + " ms; " + context);
                // Secrets are masked by their key or URL position; a continuation or mutation can glue a
                // "password=..." line onto another key's value, where no redaction heuristic can see it.
                boolean secretsPlaced = i % 2 == 0 && !continues(bytes);
                try {
                    check(r, bytes, secretsPlaced, context);
                } catch (AssertionError e) {
                    Files.write(Path.of("target", "fuzz-failure.properties"), bytes);   // for replay
                    throw e;
                }
                rejected += r.ok() ? 0 : 1;
            }
            System.out.printf("fuzz: %d files, %d rejected, slowest load %d ms%n", FILES, rejected, slowest / 1_000_000);
            assertTrue(rejected > FILES / 10, "the generator hardly produces bad files: " + rejected);
            assertTrue(rejected < FILES, "the generator never produces a good file");
        });
    }

    /** Hostile check URLs each get an error naming the check key, never an exception or a secret. */
    @Test
    void hostileTargetUrlsAreClearErrors() throws IOException {
        String[] urls = {
            "http://user:" + SECRET + "@[::1",                   // unclosed IPv6 literal
            "http://[::1]:99999/x",                              // port out of range
            "http://[zz::1]:80/",                                // not an IPv6 literal
            "http://%5B::1%5D:80/",                              // percent-encoded brackets
            "http://h%00st:80/",                                 // percent-encoded NUL
            "http://a b:80/",                                    // space in host
            "http://:80/",                                       // no host
            "http:///path",                                      // empty authority
            "http://user:" + SECRET + "@:80/",                   // userinfo, no host
            "https://" + "a".repeat(70_000) + ":443/",           // very long host
            "tcp://" + "b".repeat(70_000) + ":1",
            "tcp://db.example",                                  // no port
            "tcp://db.example:0", "tcp://db.example:65536", "tcp://db.example:-1", "tcp://db.example:８０",
            "tcp://user:" + SECRET + "@",                        // userinfo only
            "tcp://[::1]", "tcp://[::1]x:5", "tcp://::1:5432",
            "redis://:" + SECRET + "@", "redis://:" + SECRET + "@[::1:6379",
            "ftp://db.example:21", "file:///etc/passwd", "javascript:alert(1)", "jar:file:/x.jar!/", "ldap://evil/x",
            "gopher://h:70", "//db.example:5432", "db.example:5432", "", "   ",
            "jdbc:", "jdbc:postgresql://", "jdbc:postgresql://:5432/db", "jdbc:mysql://user:" + SECRET + "@/db",
            "jdbc:postgresql://[::1/db?password=" + SECRET, "jdbc:h2:mem:x", "jdbc:oracle:thin:scott/" + SECRET + "@",
            "jdbc:sqlserver://;password=" + SECRET, "jdbc:unknown:whatever?password=" + SECRET,
            "http://exa\u0000mple:80/", "http://ex\u202Eample:80/", "http://例え.テスト:80/", "http://xn--r8jz45g.xn--zckzah/",
        };
        for (String url : urls) {
            Path file = Files.writeString(dir.resolve("url.properties"),
                    "watchdog.target.t.check=" + escape(url) + "\n", StandardCharsets.UTF_8);
            ConfigResult r = ConfigLoader.load(file, null, ENV, sys);
            String context = "check=" + cut(url);
            for (ConfigProblem p : r.errors()) {
                assertEquals("watchdog.target.t.check", p.key(), context + ": " + p);
                assertFalse(p.message().contains("unexpected error"), context + ": " + p);
                assertFalse(p.message().contains(SECRET), context + ": " + p);
                assertTrue(p.message().length() < 1000, context + ": message of " + p.message().length() + " chars");
            }
            if (r.ok()) {
                assertFalse(r.config().toString().contains(SECRET), context + ": " + r.config());
                r.config().targets().forEach(t -> assertFalse(t.hosts().isEmpty(), context));
            }
        }
    }

    /** The loader refuses a file over 1 MiB from its size, without reading 100 MB (the file is sparse: reading it would still cost). */
    @Test
    void hundredMegabyteFileIsRefusedFast() throws IOException {
        Path big = dir.resolve("big.properties");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024);
        }
        long start = System.nanoTime();
        ConfigResult r = ConfigLoader.load(big, null, ENV, sys);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNull(r.config());
        assertEquals(1, r.errors().size(), r.errors().toString());
        ConfigProblem p = r.errors().get(0);
        assertEquals(ConfigKeys.CONFIG, p.key());
        assertTrue(p.message().contains(big.toString()) && p.message().contains("larger than 1 MiB"), p.toString());
        assertTrue(millis < 500, "refusing took " + millis + " ms");
    }

    /** A value shaped to make URL redaction backtrack (many "//x:" without '@'): the message must still come at once. */
    @Test
    void hugeUrlLikeValueIsReportedQuickly() throws IOException {
        Path file = Files.writeString(dir.resolve("slow.properties"), "watchdog.health.interval=" + "//a:".repeat(200_000) + "\n");
        ConfigResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ConfigLoader.load(file, null, ENV, sys));
        assertEquals("watchdog.health.interval", r.errors().get(0).key(), r.errors().toString());
    }

    /** A secret that reaches a key through ${env:} is not shown when the key's value is wrong. */
    @Test
    void substitutedSecretIsNotShownInErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("env.properties"),
                "watchdog.health.interval=${env:DB_PASSWORD}\nwatchdog.target.t.check=${env:DB_PASSWORD}\n");
        ConfigResult r = ConfigLoader.load(file, null, ENV, sys);
        assertEquals(2, r.errors().size(), r.errors().toString());
        r.errors().forEach(p -> assertFalse(p.message().contains(SECRET), p.toString()));
        assertTrue(r.errors().get(0).message().contains("${env:DB_PASSWORD}"), r.errors().toString());
    }

    // ---- the invariants ----

    private static boolean continues(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.contains("\\\n") || text.contains("\\\r");
    }

    private static void check(ConfigResult r, byte[] bytes, boolean secretsPlaced, String context) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1) + "\n" + new String(bytes, StandardCharsets.UTF_8);
        Set<String> keys = keysOf(bytes);
        for (ConfigProblem p : concat(r.errors(), r.warnings())) {
            assertTrue(p.key() != null && !p.key().isBlank(), "problem without a key: " + p + "\n" + context);
            assertTrue(p.message() != null && !p.message().isBlank(), "problem without a message: " + p + "\n" + context);
            if (p.message().contains("unexpected error")) {
                fail("an exception escaped a parser: " + p + "\n" + context);
            }
            if (secretsPlaced && (p.message().contains(SECRET) || p.key().contains(SECRET))) {
                fail("a secret in a message: " + p + "\n" + context);
            }
            assertTrue(p.message().length() < 2_000, "message of " + p.message().length() + " chars: " + cut(p.toString()) + "\n" + context);
        }
        for (ConfigProblem p : r.errors()) {
            assertTrue(namesTheKey(p, keys, text), "error does not name a key of the file: " + cut(p.toString()) + "\n" + context);
        }
        if (r.ok()) {
            assertTrue(r.config() != null, context);
            assertFalse(secretsPlaced && r.config().toString().contains(SECRET), "a secret in AgentConfig.toString\n" + context);
        } else {
            assertNull(r.config(), context);
        }
    }

    private static final Pattern MISSING_CHECK = Pattern.compile("watchdog\\.target\\.(.+)\\.check");

    /** The file (for file-level errors), a key the file holds, or the missing check of a target the file names. */
    private static boolean namesTheKey(ConfigProblem p, Set<String> keys, String text) {
        if (p.key().equals(PropertiesFile.NO_KEY)) {
            return p.where().startsWith("line ");   // a line without a key can only be named by its number
        }
        if (p.key().equals(ConfigKeys.CONFIG)) {
            return p.message().contains("fuzz.properties");
        }
        Matcher m = MISSING_CHECK.matcher(p.key());
        if (m.matches() && p.message().startsWith("missing")) {
            return keys.stream().anyMatch(k -> k.startsWith(ConfigKeys.TARGET_PREFIX + m.group(1) + "."));
        }
        return (keys.contains(p.key()) || text.contains(p.key())) && p.where().startsWith("line ");
    }

    /** The keys as java.util.Properties reads the file (both encodings the loader may pick). */
    private static Set<String> keysOf(byte[] bytes) {
        Set<String> keys = new HashSet<>();
        for (String text : List.of(new String(bytes, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.ISO_8859_1))) {
            List<String> pieces = new ArrayList<>(List.of(text.split("\r\n|\r|\n")));
            pieces.add(text);   // continuations join lines
            for (String line : pieces) {
                Properties p = new Properties();
                try {
                    p.load(new StringReader(line));
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                keys.addAll(p.stringPropertyNames());
            }
        }
        return keys;
    }

    // ---- generation ----

    private static final String[] GLOBAL_KEYS = ConfigKeys.GLOBAL.stream().map(ConfigKey::name).toArray(String[]::new);
    private static final String[] ATTRIBUTES = ConfigKeys.TARGET_ATTRIBUTES.stream().map(TargetAttribute::name).toArray(String[]::new);
    private static final String[] NAMES = {"db", "api", "orders-db", "a.b", "x_y", "", " ", "bad name", "ünï", "..", "-", "db.header",
        "t".repeat(300)};
    private static final String[] VALUES = {
        "", " ", "5s", "250ms", "1", "0", "-1", "true", "false", "TRUE", "yes", "10%", "101%", "-5%", "10MB", "1GB",
        "9999999999999999999999", "999999999999999999h", "999999999999999g", "9223372036854775807", "2147483648", "1e9", "0x10",
        "NaN", "5 s", "5ss", "∞", "１０", "٣", "200-299,404", "599-100", "200-", ",", ",,,", "db:5432", "[::1]:5432", "db",
        "${env:DB_HOST}:5432", "${env:", "${env:DB_PASSWORD", "${env:}", "${env:NOT_SET}", "${env:1BAD}", "${env:${env:X}}", "$${env:EMPTY}",
        "${env:DB_PASSWORD}", "tcp://db:5432", "http://user:" + SECRET + "@api:8080/health", "https://api/health?token=" + SECRET,
        "jdbc:postgresql://db:5432/x?password=" + SECRET, "jdbc:mysql://root:" + SECRET + "@db:3306/x", "redis://:" + SECRET + "@r:6379",
        "jdbc:h2:mem:x", "tcp://db", "ftp://x:1", "\u0000", "\uFFFF", "\uD800", "日本語", "\u202Eevil", "\\u00", "\\uZZZZ", "\\",
        "a\\\nb", "#not a comment", "=", ":", "\t\f", "//a:".repeat(500), "a".repeat(5_000),
    };

    private static byte[] generated(Random random) {
        if (random.nextInt(1000) == 0) {
            return ("watchdog.health.interval=" + "5".repeat(PropertiesFile.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);   // just over the limit
        }
        StringBuilder out = new StringBuilder();
        int lines = random.nextInt(20);
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(12)) {
                case 0 -> out.append("# comment ").append(pick(random, VALUES));
                case 1 -> out.append(pick(random, GLOBAL_KEYS)).append(pick(random, "=", ":", " ", " = ", "\t")).append(pick(random, VALUES));
                case 2 -> out.append(junk(random, random.nextInt(200)));
                case 3 -> out.append("watchdog.target.").append(pick(random, NAMES)).append(".password=").append(SECRET);
                case 4 -> out.append("watchdog.target.").append(pick(random, NAMES)).append(".header.Authorization=Bearer ").append(SECRET);
                case 5 -> out.append(pick(random, GLOBAL_KEYS)).append('=').append("x".repeat(random.nextInt(random.nextInt(200) == 0 ? 200_000 : 2_000)));
                case 6 -> out.append("watchdog.").append(junk(random, random.nextInt(20))).append('=').append(pick(random, VALUES));
                default -> out.append("watchdog.target.").append(pick(random, NAMES)).append('.').append(pick(random, ATTRIBUTES))
                        .append(random.nextInt(20) == 0 ? ".X-Token" : "").append('=').append(pick(random, VALUES));
            }
            out.append(pick(random, "\n", "\n", "\n", "\r\n", "\r", "\\\n"));
        }
        if (random.nextInt(10) == 0 && out.length() > 0) {
            out.append(out);   // every key twice
        }
        byte[] bytes = out.toString().getBytes(random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return bytes.length > PropertiesFile.MAX_BYTES + 10 ? java.util.Arrays.copyOf(bytes, PropertiesFile.MAX_BYTES + 10) : bytes;
    }

    /** A valid file, then byte flips, insertions, deletions, duplicated and truncated lines. */
    private static byte[] mutated(Random random) {
        String valid = "watchdog.health.interval=5s\nwatchdog.health.timeout=1s\nwatchdog.log.level=info\n"
                + "watchdog.target.db.check=jdbc:postgresql://db.example:5432/app?password=" + SECRET + "\n"
                + "watchdog.target.db.password=" + SECRET + "\nwatchdog.target.db.user=app\n"
                + "watchdog.target.api.check=http://user:" + SECRET + "@api.example:8080/health\n"
                + "watchdog.target.api.header.Authorization=Bearer " + SECRET + "\n"
                + "watchdog.target.api.expect-status=200-299\nwatchdog.target.cache.check=redis://:" + SECRET + "@cache:6379\n"
                + "watchdog.files.max-size=10MB\nwatchdog.resources.cpu-threshold=90%\n";
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations; m++) {
            if (bytes.length == 0) {
                break;
            }
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = splice(bytes, at, 0, junk(random, 1 + random.nextInt(8)).getBytes(StandardCharsets.UTF_8));
                case 2 -> bytes = splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(8)), new byte[0]);
                case 3 -> bytes = splice(bytes, at, 0, pick(random, "${env:", "\\", "=", "\n", "\\u", "}", "%", "@", "[", "]").getBytes(StandardCharsets.UTF_8));
                default -> bytes = java.util.Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }

    private static final String PUNCTUATION = "=:\\#!{}$@[]%\u0085\u2028";

    private static String junk(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(32);
                case 1 -> (char) (32 + random.nextInt(95));
                case 2 -> (char) random.nextInt(0x10000);
                default -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
            });
        }
        return s.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static List<ConfigProblem> concat(List<ConfigProblem> a, List<ConfigProblem> b) {
        List<ConfigProblem> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A value as it must be written in a properties file to be read back unchanged. */
    private static String escape(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\n' || c == '\r' || c < 32 || c > 126) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static String preview(byte[] bytes) {
        return cut(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String cut(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "...(" + s.length() + " chars)" : s;
    }
}
