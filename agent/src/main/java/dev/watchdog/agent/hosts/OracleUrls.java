package dev.watchdog.agent.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Oracle's {@code jdbc:oracle:thin:[user/pass]@...} addresses: TNS descriptors, EZConnect
 * ({@code //host:port/service}, {@code host:port/service}, {@code tcps://...}) and the old
 * {@code host:port:SID}. A bare word after '@' is a TNS alias resolved from tnsnames.ora, which
 * this class cannot see, so it yields no hosts.
 */
final class OracleUrls {

    private static final int DEFAULT_PORT = 1521;
    /** One {@code (ADDRESS=(k=v)(k=v)...)} entry of a descriptor; its children do not nest. */
    private static final Pattern ADDRESS = Pattern.compile("(?i)\\(\\s*ADDRESS\\s*=((?:\\s*\\([^()]*\\))*)\\s*\\)");

    private OracleUrls() {
    }

    /** @param afterVendor the URL after {@code jdbc:oracle:}, e.g. {@code thin:@//h:1521/svc} */
    static List<String> hostKeys(String afterVendor) {
        String address = afterAt(afterVendor);
        if (address == null) {
            return List.of();
        }
        return address.startsWith("(") ? descriptor(address) : ezConnect(address);
    }

    /** The address after the '@' that ends the optional {@code user/password}. */
    private static String afterAt(String afterVendor) {
        int descriptor = afterVendor.indexOf("@(");
        int at = descriptor >= 0 ? descriptor : afterVendor.lastIndexOf('@');
        return at < 0 ? null : afterVendor.substring(at + 1).trim();
    }

    private static List<String> descriptor(String text) {
        List<String> keys = new ArrayList<>();
        Matcher m = ADDRESS.matcher(text);
        while (m.find()) {
            String key = KeyValues.hostKey(KeyValues.parenGroups(m.group(1)), DEFAULT_PORT);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static List<String> ezConnect(String text) {
        String s = text;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ldap://") || lower.startsWith("ldaps://")) {
            return List.of(); // a directory lookup: the database hosts are not in the URL
        }
        boolean explicit = false;
        if (lower.startsWith("tcp://") || lower.startsWith("tcps://")) {
            s = s.substring(s.indexOf("//") + 2);
            explicit = true;
        } else if (s.startsWith("//")) {
            s = s.substring(2);
            explicit = true;
        }
        String hostList = s.split("[/?]", 2)[0];
        if (!explicit && !s.contains("/") && hostList.indexOf(':') < 0) {
            return List.of(); // "@name": a TNS alias
        }
        return hostList(hostList);
    }

    /**
     * EZConnect Plus: {@code h1:1521,h2,h3:1522}. A host without a port takes the next port
     * written after it (Oracle's rule), else the default; {@code host:port:SID} keeps only host:port.
     */
    private static List<String> hostList(String hostList) {
        List<String> entries = JdbcUrls.splitTopLevel(hostList, ',');
        List<HostPort> hosts = new ArrayList<>();
        for (String entry : entries) {
            HostPort hp = HostPort.parse(withoutSid(entry.trim()));
            if (hp != null) {
                hosts.add(hp);
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            int port = DEFAULT_PORT;
            for (int j = i; j < hosts.size(); j++) {
                if (hosts.get(j).port() > 0) {
                    port = hosts.get(j).port();
                    break;
                }
            }
            keys.add(hosts.get(i).key(port));
        }
        return keys;
    }

    /** {@code host:port:SID} → {@code host:port}; brackets protect IPv6 colons. */
    private static String withoutSid(String entry) {
        int from = entry.startsWith("[") ? Math.max(entry.indexOf(']'), 0) : 0;
        int first = entry.indexOf(':', from);
        if (first < 0) {
            return entry;
        }
        int second = entry.indexOf(':', first + 1);
        return second < 0 ? entry : entry.substring(0, second);
    }
}
