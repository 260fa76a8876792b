package dev.watchdog.agent.hosts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code (key=value)} host notations of MySQL/MariaDB and Oracle descriptors, read into maps. */
final class KeyValues {

    private static final Pattern GROUP = Pattern.compile("\\(\\s*([A-Za-z_][\\w.-]*)\\s*=\\s*([^()]*?)\\s*\\)");

    private KeyValues() {
    }

    /** {@code (host=h)(port=p)...} → lower-case keys to values. */
    static Map<String, String> parenGroups(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = GROUP.matcher(text);
        while (m.find()) {
            map.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        return map;
    }

    /** {@code host=h,port=p,...} → lower-case keys to values. */
    static Map<String, String> commaPairs(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.putIfAbsent(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    /**
     * The host key of a {@code host}/{@code port}/{@code protocol} map; null when there is no host, the
     * port is malformed, or the protocol is not TCP (pipes, sockets and IPC have no host to break on).
     */
    static String hostKey(Map<String, String> map, int defaultPort) {
        String protocol = map.get("protocol");
        if (protocol != null && !protocol.toLowerCase(Locale.ROOT).startsWith("tcp")) {
            return null;
        }
        HostPort host = HostPort.parse(map.get("host"));
        if (host == null || host.port() > 0) {
            return null;
        }
        String portText = map.get("port");
        int port = portText == null ? defaultPort : HostPort.parsePort(portText);
        return port > 0 ? host.key(port) : null;
    }
}
