package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns merged settings into an {@link AgentConfig}: substitutes {@code ${env:}}, parses every key by
 * the key table, builds the targets, and reports every problem rather than stopping at the first.
 */
final class ConfigValidator {

    private final Map<String, String> env;
    private final Problems problems;
    /** Parsed global values; a key whose value is bad is absent. */
    private final Map<ConfigKey<?>, Object> globals = new LinkedHashMap<>();
    private final Map<String, String> raw = new TreeMap<>();
    /** target name -> header name -> setting, from {@code watchdog.target.<name>.header.<NAME>} keys. */
    private final Map<String, Map<String, Setting>> headers = new TreeMap<>();
    /** Values as written before {@code ${env:}} substitution: messages show these, never what the environment supplied (often a secret). */
    private final Map<String, String> written = new TreeMap<>();

    private ConfigValidator(Map<String, String> env, Problems problems) {
        this.env = env;
        this.problems = problems;
    }

    /** @param merged the winning setting of each key; null result when there is any error */
    static AgentConfig validate(Collection<Setting> merged, Map<String, String> env, Problems problems) {
        return new ConfigValidator(env, problems).run(merged);
    }

    /** Target names that have at least one known attribute key, for env mapping and suggestions. */
    static Collection<String> targetNames(Collection<Setting> settings) {
        TreeSet<String> names = new TreeSet<>();
        for (Setting s : settings) {
            TargetKey tk = TargetKey.parse(s.key());
            if (tk != null && tk.attribute() != null) {
                names.add(tk.name());
            }
        }
        return names;
    }

    private AgentConfig run(Collection<Setting> merged) {
        Map<String, Setting> byKey = new LinkedHashMap<>();
        for (Setting s : merged) {
            // keys the agent ignores are not substituted: a bad ${env:} there must not invalidate the configuration
            Setting substituted = s.key().startsWith(ConfigKeys.PREFIX) ? substitute(s) : s;
            if (substituted != null) {
                byKey.put(s.key(), substituted);
            }
        }
        Collection<String> targetNames = targetNames(merged);
        Map<String, Map<TargetAttribute, Setting>> targets = new TreeMap<>();
        for (Setting s : byKey.values()) {
            if (known(s.key())) {
                // unknown keys stay out: a misspelt secret key ("pasword") would be shown in toString as plain text
                raw.put(s.key(), s.value());
            }
            classify(s, targetNames, targets);
        }
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            Setting s = byKey.get(key.name());
            raw.putIfAbsent(key.name(), key.defaultValue());
            Object value = s == null ? key.defaultParsed() : parse(s, key.type());
            if (value != null) {
                globals.put(key, value);
            }
        }
        List<TargetConfig> built = new ArrayList<>();
        targets.forEach((name, attributes) -> {
            TargetConfig t = target(name, attributes);
            if (t != null) {
                built.add(t);
            }
        });
        if (!problems.errors.isEmpty() || globals.size() != ConfigKeys.GLOBAL.size()) {
            return null;
        }
        return new AgentConfig(global(ConfigKeys.HEALTH_INTERVAL), global(ConfigKeys.HEALTH_TIMEOUT),
                global(ConfigKeys.UNHEALTHY_THRESHOLD), global(ConfigKeys.HEALTHY_THRESHOLD),
                global(ConfigKeys.JDBC_ENABLED), global(ConfigKeys.HTTP_ENABLED),
                global(ConfigKeys.LOG_LEVEL), global(ConfigKeys.LOG_FILE), built, raw,
                global(ConfigKeys.HEALTH_UNHEALTHY_INTERVAL), global(ConfigKeys.HEALTH_JITTER),
                global(ConfigKeys.HEALTH_DISCOVER), global(ConfigKeys.HEALTH_DISCOVER_MAX),
                global(ConfigKeys.FILES_WATCH), global(ConfigKeys.FILES_INTERVAL), global(ConfigKeys.FILES_MAX_SIZE),
                written);
    }

    private Setting substitute(Setting s) {
        try {
            String value = EnvSubstitution.substitute(s.value(), env);
            if (!value.equals(s.value())) {
                written.put(s.key(), s.value());
            }
            return s.withValue(value);
        } catch (IllegalArgumentException e) {
            problems.error(s, "value " + e.getMessage());
            return null;
        }
    }

    private static boolean known(String key) {
        TargetKey tk = TargetKey.parse(key);
        return ConfigKeys.global(key) != null || tk != null && tk.attribute() != null;
    }

    /** Global keys are parsed later; target keys are grouped; anything else is warned about. */
    private void classify(Setting s, Collection<String> targetNames, Map<String, Map<TargetAttribute, Setting>> targets) {
        String key = s.key();
        if (ConfigKeys.global(key) != null) {
            return;
        }
        TargetKey tk = TargetKey.parse(key);
        if (tk != null && tk.attribute() != null) {
            if (!tk.validName()) {
                problems.error(s, "target name \"" + tk.name() + "\" is not valid; expected letters, digits, '_', '.' or '-'");
                return;
            }
            if (tk.attribute() == ConfigKeys.HEADER) {
                if (tk.sub() == null) {
                    problems.error(s, "names no header; expected " + ConfigKeys.HEADER.key(tk.name()) + ".<NAME>=VALUE");
                    return;
                }
                headers.computeIfAbsent(tk.name(), n -> new TreeMap<>()).put(tk.sub(), s);
                targets.computeIfAbsent(tk.name(), n -> new LinkedHashMap<>());
                return;
            }
            targets.computeIfAbsent(tk.name(), n -> new LinkedHashMap<>()).put(tk.attribute(), s);
            return;
        }
        List<String> candidates = knownKeys(targetNames, tk);
        if (!key.startsWith(ConfigKeys.PREFIX)) {
            problems.warn(s, "not a watchdog.* key; ignored" + Suggestions.hint(key, candidates));
        } else {
            problems.warn(s, "unknown key; ignored" + Suggestions.hint(key, candidates));
        }
    }

    private static List<String> knownKeys(Collection<String> targetNames, TargetKey unknown) {
        List<String> keys = new ArrayList<>();
        ConfigKeys.GLOBAL.forEach(k -> keys.add(k.name()));
        TreeSet<String> names = new TreeSet<>(targetNames);
        if (unknown != null) {
            names.add(unknown.name());
        }
        for (String name : names) {
            ConfigKeys.TARGET_ATTRIBUTES.forEach(a -> keys.add(a.key(name)));
        }
        return keys;
    }

    private TargetConfig target(String name, Map<TargetAttribute, Setting> attributes) {
        Setting checkSetting = attributes.get(ConfigKeys.CHECK);
        if (checkSetting == null) {
            problems.error(ConfigKeys.CHECK.key(name), "", "missing; target " + name + " needs a check URL; " + CheckUrls.EXPECTED);
        }
        Map<TargetAttribute, Object> values = new LinkedHashMap<>();
        boolean ok = true;
        for (TargetAttribute a : ConfigKeys.TARGET_ATTRIBUTES) {
            Setting s = attributes.get(a);
            // an invalid inherited global is reported once, at the global key
            Object value = s != null ? parse(s, a.type()) : a.inherits() != null ? globals.get(a.inherits()) : null;
            ok &= value != null || (s == null && a.inherits() == null);
            values.put(a, value);
        }
        CheckUrls.Coverage coverage = checkSetting == null ? null : coverage(checkSetting);
        if (coverage == null || !ok) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<String> hosts = (List<String>) values.get(ConfigKeys.HOSTS);
        if (hosts == null) {
            hosts = coverage.hosts();
            if (hosts.isEmpty()) {
                problems.error(checkSetting, shown(checkSetting)
                        + " names no network host with a known port; set " + ConfigKeys.HOSTS.key(name)
                        + " to host:port[,host:port...] or use a network URL");
                return null;
            }
        }
        Map<String, String> headerValues = new TreeMap<>();
        headers.getOrDefault(name, Map.of()).forEach((header, s) -> headerValues.put(header, s.value()));
        CheckKind kind = coverage.kind();
        warnUnless(kind == CheckKind.JDBC, attributes.get(ConfigKeys.USER), "jdbc");
        warnUnless(kind == CheckKind.JDBC || kind == CheckKind.REDIS, attributes.get(ConfigKeys.PASSWORD), "jdbc and redis");
        warnUnless(kind == CheckKind.HTTP, attributes.get(ConfigKeys.EXPECT_STATUS), "http");
        warnUnless(kind == CheckKind.JDBC, attributes.get(ConfigKeys.QUERY), "jdbc");
        if (kind != CheckKind.HTTP) {
            headers.getOrDefault(name, Map.of()).values().forEach(s -> warnUnless(false, s, "http"));
            headerValues.clear();
        }
        return new TargetConfig(name, kind, checkSetting.value(), hosts,
                (Duration) values.get(ConfigKeys.INTERVAL), (Duration) values.get(ConfigKeys.TIMEOUT),
                (Integer) values.get(ConfigKeys.TARGET_UNHEALTHY), (Integer) values.get(ConfigKeys.TARGET_HEALTHY),
                (String) values.get(ConfigKeys.USER), (String) values.get(ConfigKeys.PASSWORD),
                (Duration) values.get(ConfigKeys.UNHEALTHY_INTERVAL), (StatusRanges) values.get(ConfigKeys.EXPECT_STATUS),
                headerValues, (String) values.get(ConfigKeys.QUERY), (Duration) values.get(ConfigKeys.MAX_QUIET));
    }

    private void warnUnless(boolean used, Setting s, String kinds) {
        if (!used && s != null) {
            problems.warn(s, "only used by " + kinds + " checks; ignored");
        }
    }

    private CheckUrls.Coverage coverage(Setting s) {
        try {
            return CheckUrls.parse(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s, shown(s) + " " + detail(s, e.getMessage()));
            return null;
        }
    }

    /** The parsed value, or null after reporting why it is bad. */
    private Object parse(Setting s, ValueType<?> type) {
        try {
            return type.parse(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s, shown(s) + " " + detail(s, e.getMessage()));
            return null;
        } catch (RuntimeException e) {
            problems.unexpected(s.key(), s.where(), "reading the value", e);
            return null;
        }
    }

    /** A parser's message, which may quote parts of the value: never parts the environment supplied. */
    private String detail(Setting s, String message) {
        return written.containsKey(s.key()) ? Shown.withoutQuotes(message) : message;
    }

    /** The value for a message: quoted, redacted, as written in its source. */
    private String shown(Setting s) {
        return Shown.quoted(s.key(), written.getOrDefault(s.key(), s.value()));
    }

    @SuppressWarnings("unchecked")
    private <T> T global(ConfigKey<T> key) {
        return (T) globals.get(key);
    }
}
