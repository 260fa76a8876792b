package dev.watchdog.agent.hosts;

import java.util.List;

/** PLACEHOLDER until the config branch lands. */
public final class JdbcUrls {
    public static List<String> hostKeys(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//([^:/]+):(\\d+)").matcher(jdbcUrl);
        return m.find() ? List.of(m.group(1) + ":" + m.group(2)) : List.of();
    }
}
