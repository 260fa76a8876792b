package dev.watchdog.agent.config;

import java.util.Map;
import java.util.regex.Pattern;

/** Replaces {@code ${env:NAME}} in values, so secrets can stay out of the file. One pass: substituted text is not rescanned. */
final class EnvSubstitution {

    private static final String OPEN = "${env:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvSubstitution() {
    }

    /** @throws IllegalArgumentException naming the variable (never its value) */
    static String substitute(String value, Map<String, String> env) {
        int open = value.indexOf(OPEN);
        if (open < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (open >= 0) {
            int close = value.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("has an unterminated ${env: reference; expected ${env:NAME}");
            }
            String name = value.substring(open + OPEN.length(), close);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("has ${env:" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "}, which is not a valid environment variable name; expected ${env:NAME}");
            }
            String replacement = env.get(name);
            if (replacement == null) {
                throw new IllegalArgumentException("refers to environment variable " + name + ", which is not set");
            }
            out.append(value, from, open).append(replacement);
            from = close + 1;
            open = value.indexOf(OPEN, from);
        }
        return out.append(value.substring(from)).toString();
    }
}
