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

    public static final Pattern STARTED = Pattern.compile("^watchdog INFO agent started\\b");
    public static final Pattern INERT = Pattern.compile(
            "^watchdog ERROR agent configuration is invalid; the agent stays inert\\b");
    public static final Pattern ANY_AGENT_LINE = Pattern.compile("^watchdog ");

    private AgentOutput() {
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

    /** {@code watchdog <LEVEL> health target=<t> state=<s> ... opened|closed=[..host:port..]}. */
    public static Pattern health(String target, String state, String hostPort) {
        String list = "UP".equals(state) ? "closed" : "opened";
        return Pattern.compile("^watchdog [A-Z]+ health "
                + "(?=.*\\btarget=" + Pattern.quote(target) + "(\\s|$))"
                + "(?=.*\\bstate=" + state + "(\\s|$))"
                + "(?=.*\\b" + list + "=\\[[^\\]]*" + Pattern.quote(hostPort) + "[,\\] ])");
    }

    /** {@code watchdog ERROR config <key> (line N): <message>}. */
    public static Pattern configError(String key) {
        return Pattern.compile("^watchdog ERROR config " + Pattern.quote(key) + " \\(line \\d+\\): \\S");
    }

    /** Every rejection's message starts with this. */
    public static String rejectionPrefix(String hostPort) {
        return dev.watchdog.testapps.CallLine.REJECTION_PREFIX + hostPort;
    }
}
