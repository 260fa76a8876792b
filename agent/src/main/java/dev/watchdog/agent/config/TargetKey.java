package dev.watchdog.agent.config;

import java.util.regex.Pattern;

/**
 * A {@code watchdog.target.<name>.<attribute>} key taken apart. Names may contain '.', so the
 * attribute is the last segment and the name everything between; sub-keyed attributes
 * ({@code header.NAME}) would be matched here first when they arrive.
 *
 * @param attribute the known attribute, or null when the last segment is not one
 */
record TargetKey(String name, String attributeName, TargetAttribute attribute) {

    static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Null when the key is not under {@code watchdog.target.} or has no {@code .attribute} part. */
    static TargetKey parse(String key) {
        if (!key.startsWith(ConfigKeys.TARGET_PREFIX)) {
            return null;
        }
        String rest = key.substring(ConfigKeys.TARGET_PREFIX.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String attributeName = rest.substring(dot + 1);
        return new TargetKey(rest.substring(0, dot), attributeName, ConfigKeys.attribute(attributeName));
    }

    boolean validName() {
        return VALID_NAME.matcher(name).matches();
    }
}
