package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.log.AgentLog;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A type that fails to instrument is told once at WARN, with the library and the jar's version. The
 * agent's log is configured once per JVM, so the install runs in a JVM of its own, logging to a file.
 */
class TypeFailuresTest {

    @TempDir
    Path dir;

    @Test
    void aTypeThatCannotTakeTheAdviceIsToldOnceAtWarnWithLibraryAndVersion() throws Exception {
        Path log = dir.resolve("agent.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FailingInstall.class.getName(), log.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);

        Matcher h2Jar = Pattern.compile("h2-([^/\\\\]+)\\.jar$")
                .matcher(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(h2Jar.find(), "H2 comes from its Maven jar");
        List<String> warnings = Files.readAllLines(log).stream().filter(line -> line.startsWith("watchdog WARN")).toList();
        assertEquals(1, warnings.size(), String.join("\n", Files.readAllLines(log)));
        String expected = "watchdog WARN instrument type=org.h2.Driver library=broken-h2 version=" + h2Jar.group(1)
                + " cannot be instrumented; its calls are not failed fast: java.lang.IllegalStateException: ";
        assertTrue(warnings.get(0).startsWith(expected), warnings.get(0) + "\ndoes not start with\n" + expected);
    }

    /** The agent's install over H2's driver, made three times (loaded, then retransformed twice), with advice it cannot take. */
    public static final class FailingInstall {
        public static void main(String[] args) throws Exception {
            AgentLog.configure("info", args[0], 1 << 20, 1, "text", "off");
            ClassLoader app = FailingInstall.class.getClassLoader();
            ClassLoader agentLoader = new ClassLoader(app) { };   // not the driver's: the install ignores the agent's loader
            ClassFileTransformer install = Instrumenter.builder(List.of(new BrokenLibrary()), agentLoader).makeRaw();
            byte[] driver;
            try (InputStream in = app.getResourceAsStream("org/h2/Driver.class")) {
                driver = in.readAllBytes();
            }
            for (int i = 0; i < 3; i++) {
                try {
                    install.transform(app, "org/h2/Driver", null, null, driver);
                } catch (IllegalStateException failed) {
                    // a raw transformer rethrows what it told its listener; the JVM drops it
                }
            }
            // the report is written on the agent's own thread (a daemon): let it finish before the JVM exits
            java.nio.file.Path log = java.nio.file.Path.of(args[0]);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && !(Files.exists(log) && Files.readString(log).contains("WARN"))) {
                Thread.sleep(20);
            }
            Thread.sleep(500);   // time for a second line, if the once-only check were broken
        }
    }

    /** Matches H2's driver and inlines into connect(String, Properties) an advice that wants an int first. */
    static final class BrokenLibrary implements LibraryInstrumentation {
        @Override
        public String name() {
            return "broken-h2";
        }

        @Override
        public TypeNames typeNames() {
            return TypeNames.named("org.h2.Driver");
        }

        @Override
        public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
            return builder.type(typeNames().matcher())
                    .transform(advice(agentLoader).advice(named("connect"), IntArgumentAdvice.class.getName()));
        }
    }

    public static final class IntArgumentAdvice {
        @Advice.OnMethodEnter
        public static void enter(@Advice.Argument(0) int url) {
        }
    }
}
