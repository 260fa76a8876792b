package dev.watchdog.agent.config;

import java.util.regex.Pattern;

/**
 * A {@code watchdog.target.<name>.<attribute>} key taken apart. Names may contain '.', so the
 * attribute is the last segment and the name everything between, except for the sub-keyed
 * {@code header.NAME} attribute, matched first (header names never contain ".header.").
 *
 * @param attribute the known attribute, or null when the last segment is not one
 * @param sub the header name of a {@code header.NAME} key, else null
 */
record TargetKey(String name, String attributeName, TargetAttribute attribute, String sub) {

    private static final String HEADER_INFIX = "." + ConfigKeys.HEADER.name() + ".";

    static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Null when the key is not under {@code watchdog.target.} or has no {@code .attribute} part. */
    static TargetKey parse(String key) {
        if (!key.startsWith(ConfigKeys.TARGET_PREFIX)) {
            return null;
        }
        String rest = key.substring(ConfigKeys.TARGET_PREFIX.length());
        int header = rest.lastIndexOf(HEADER_INFIX);
        if (header > 0 && header + HEADER_INFIX.length() < rest.length()) {
            return new TargetKey(rest.substring(0, header), ConfigKeys.HEADER.name(), ConfigKeys.HEADER,
                    rest.substring(header + HEADER_INFIX.length()));
        }
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String attributeName = rest.substring(dot + 1);
        return new TargetKey(rest.substring(0, dot), attributeName, ConfigKeys.attribute(attributeName), null);
    }

    boolean validName() {
        return VALID_NAME.matcher(name).matches();
    }
}
