package dev.watchdog.agent.hosts;

import dev.watchdog.bootstrap.Gate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The network hosts a JDBC URL connects to, as {@link Gate#key} strings.
 *
 * <p>Each vendor writes hosts differently; this class dispatches on the sub-protocol and leaves the
 * odd formats to {@link OracleUrls} and {@link SqlServerUrls}. Everything else is the common
 * {@code jdbc:vendor[:mode]://host[:port][,host[:port]]...[/...]} shape. When a port cannot be
 * known (no default for the vendor, a SQL Server named instance, an Oracle TNS alias) the host is
 * left out: a wrong key would never match a real connection and only hide the problem.
 */
public final class JdbcUrls {

    /** Vendors whose drivers connect to a fixed default port when the URL names none. */
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "postgresql", 5432,
            "pgsql", 5432,
            "mysql", 3306,
            "mariadb", 3306,
            "mysqlx", 33060,
            "db2", 50000);
    /** Drivers that connect to localhost when the URL's host list is empty ({@code jdbc:postgresql:///db}). */
    private static final Set<String> LOCAL_WHEN_EMPTY = Set.of("postgresql", "pgsql", "mysql", "mariadb");
    private static final int H2_PORT = 9092;

    private JdbcUrls() {
    }

    /** Host keys in URL order without duplicates; empty for null, garbage, or URLs without network hosts. */
    public static List<String> hostKeys(String jdbcUrl) {
        try {
            return List.copyOf(new LinkedHashSet<>(parse(jdbcUrl)));
        } catch (RuntimeException e) {
            // a URL we cannot read names no host we could break on; the driver will report it
            return List.of();
        }
    }

    private static List<String> parse(String jdbcUrl) {
        if (jdbcUrl == null) {
            return List.of();
        }
        String url = jdbcUrl.trim();
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return List.of();
        }
        String rest = url.substring(5);
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return List.of();
        }
        String vendor = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        String afterVendor = rest.substring(colon + 1);
        switch (vendor) {
            case "oracle":
                return OracleUrls.hostKeys(afterVendor);
            case "sqlserver":
                return SqlServerUrls.hostKeys(afterVendor);
            case "h2":
                return h2(afterVendor);
            case "postgresql":
                if (!afterVendor.contains("//")) {
                    // jdbc:postgresql:database is documented to mean localhost on the default port
                    return List.of(Gate.key("localhost", 5432));
                }
                return network(vendor, afterVendor, DEFAULT_PORTS.get(vendor));
            default:
                return network(vendor, afterVendor, DEFAULT_PORTS.getOrDefault(vendor, -1));
        }
    }

    /** H2 reaches the network only through its tcp: and ssl: servers; mem:, file: and plain paths are local. */
    private static List<String> h2(String afterVendor) {
        String lower = afterVendor.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
            return Authority.hostKeys(afterVendor.substring(4), H2_PORT);
        }
        return List.of();
    }

    /** {@code [mode:]//hosts...} for the common vendors; {@code mode} is loadbalance:, replication:, ... */
    private static List<String> network(String vendor, String afterVendor, int defaultPort) {
        int slashes = afterVendor.indexOf("//");
        if (slashes < 0 || !afterVendor.substring(0, slashes).matches("([A-Za-z0-9+_-]+:)*")) {
            return List.of();
        }
        String hostsPart = afterVendor.substring(slashes);
        List<String> keys = Authority.hostKeys(hostsPart, defaultPort);
        if (keys.isEmpty() && LOCAL_WHEN_EMPTY.contains(vendor) && Authority.of(hostsPart).isBlank()) {
            return List.of(Gate.key("localhost", defaultPort));
        }
        return keys;
    }

    /** The host list of a {@code //...} URL tail, shared by every vendor with that shape. */
    static final class Authority {
        private Authority() {
        }

        /** Text between {@code //} and the first top-level {@code / ? # ;}. */
        static String of(String fromSlashes) {
            String s = fromSlashes.substring(2);
            int depth = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '(' || c == '[') {
                    depth++;
                } else if ((c == ')' || c == ']') && depth > 0) {
                    depth--;
                } else if (depth == 0 && (c == '/' || c == '?' || c == '#' || c == ';')) {
                    return s.substring(0, i);
                }
            }
            return s;
        }

        static List<String> hostKeys(String fromSlashes, int defaultPort) {
            List<String> keys = new ArrayList<>();
            for (String entry : splitTopLevel(of(fromSlashes), ',')) {
                addEntry(entry, defaultPort, keys);
            }
            return keys;
        }

        private static void addEntry(String rawEntry, int defaultPort, List<String> keys) {
            String entry = stripUserInfo(rawEntry.trim());
            if (entry.isEmpty()) {
                return;
            }
            if (entry.startsWith("[") && entry.endsWith("]") && HostPort.parse(entry) == null) {
                // MySQL's bracketed sub-list "[h1:3306,(host=h2,port=3307)]", not an IPv6 literal
                for (String inner : splitTopLevel(entry.substring(1, entry.length() - 1), ',')) {
                    addEntry(inner, defaultPort, keys);
                }
                return;
            }
            String key = entryKey(entry, defaultPort);
            if (key != null) {
                keys.add(key);
            }
        }

        private static String entryKey(String entry, int defaultPort) {
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.startsWith("address=")) {
                return KeyValues.hostKey(KeyValues.parenGroups(entry.substring("address=".length())), defaultPort);
            }
            if (entry.startsWith("(") && entry.endsWith(")")) {
                return KeyValues.hostKey(KeyValues.commaPairs(entry.substring(1, entry.length() - 1)), defaultPort);
            }
            HostPort hp = HostPort.parse(entry);
            return hp == null ? null : hp.key(defaultPort);
        }

        /** {@code user:pass@host} → {@code host}; an '@' inside parentheses is a property value, not userinfo. */
        private static String stripUserInfo(String entry) {
            int depth = 0;
            int at = -1;
            for (int i = 0; i < entry.length(); i++) {
                char c = entry.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                } else if (c == '@' && depth == 0) {
                    at = i;
                }
            }
            return at < 0 ? entry : entry.substring(at + 1).trim();
        }
    }

    /** Splits on {@code separator} outside parentheses, brackets and braces. */
    static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
