package dev.watchdog.testapps.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the agent jar is and what the agent prints: the agent's user interface as the end-to-end
 * tests rely on it. Patterns fix only what the agent's documented format states; extra fields may come
 * in any order.
 */
public final class AgentOutput {

    /** Set by surefire (test-apps/pom.xml) to agent/target/watchdog-agent.jar. */
    public static final String JAR_PROPERTY = "watchdog.agent.jar";

    /** What every line of the agent starts with: its time (ISO-8601, UTC, milliseconds), then {@code watchdog }. */
    public static final String PREFIX = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z watchdog ";

    public static final Pattern STARTED = line("INFO agent started\\b");
    /** The install's figures, at DEBUG: {@code instrumentation installed in W ms (C ms CPU): L classes loaded, E examined, R retransformed; CPU: ...}. */
    public static final Pattern INSTALLED = line("DEBUG instrument instrumentation installed in [0-9.]+ ms \\([0-9.]+ ms CPU\\): "
            + "\\d+ classes loaded, \\d+ examined, \\d+ retransformed; CPU: hooks built [0-9.]+ ms, ByteBuddy's transformer "
            + "[0-9.]+ ms, retransformation [0-9.]+ ms$");
    public static final Pattern INERT = line("ERROR agent configuration is invalid; the agent stays inert\\b");
    public static final Pattern ANY_AGENT_LINE = line("");

    private AgentOutput() {
    }

    /** An agent line: {@link #PREFIX}, then {@code rest} (a regular expression: {@code "WARN health .*state=DOWN"}). */
    public static Pattern line(String rest) {
        return Pattern.compile(PREFIX + rest);
    }

    public static Path jar() {
        String value = System.getProperty(JAR_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY
                    + " is not set: run the tests through Maven (mvn -B verify), which sets it in test-apps/pom.xml");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar " + jar + " (from -D" + JAR_PROPERTY
                    + ") does not exist: build the agent module first (mvn -B package -pl agent -am -DskipTests)");
        }
        return jar;
    }

    /** {@code <time> watchdog <LEVEL> health target=<t> state=<s> ... opened|closed=[..host:port..]}. */
    public static Pattern health(String target, String state, String hostPort) {
        String list = "UP".equals(state) ? "closed" : "opened";
        return line("[A-Z]+ health "
                + "(?=.*\\btarget=" + Pattern.quote(target) + "(\\s|$))"
                + "(?=.*\\bstate=" + state + "(\\s|$))"
                + "(?=.*\\b" + list + "=\\[[^\\]]*" + Pattern.quote(hostPort) + "[,\\] ])");
    }

    /** {@code <time> watchdog ERROR config <key> (line N): <message>}. */
    public static Pattern configError(String key) {
        return line("ERROR config " + Pattern.quote(key) + " \\(line \\d+\\): \\S");
    }

    /** Every rejection's message starts with this. */
    public static String rejectionPrefix(String hostPort) {
        return dev.watchdog.testapps.CallLine.REJECTION_PREFIX + hostPort;
    }
}
