package dev.watchdog.agent.hosts;

import dev.watchdog.bootstrap.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jdbc:sqlserver://[host][\instance][:port][;property=value]...}. Properties override the
 * prefix (the driver reads them last): {@code serverName}, {@code portNumber}/{@code port},
 * {@code instanceName}, plus the mirroring {@code failoverPartner}. A named instance without a
 * port is resolved at connect time through the SQL Browser service, so its port is unknown and
 * the host is left out.
 */
final class SqlServerUrls {

    private static final int DEFAULT_PORT = 1433;

    private SqlServerUrls() {
    }

    /** @param afterVendor the URL after {@code jdbc:sqlserver:}, e.g. {@code //h:1433;databaseName=x} */
    static List<String> hostKeys(String afterVendor) {
        if (!afterVendor.startsWith("//")) {
            return List.of();
        }
        List<String> parts = JdbcUrls.splitTopLevel(afterVendor.substring(2), ';');
        Server server = Server.parse(parts.get(0));
        if (server == null) {
            return List.of();
        }
        String partner = null;
        for (String property : parts.subList(1, parts.size())) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = property.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unbrace(property.substring(eq + 1).trim());
            switch (name) {
                case "servername":
                    Server named = Server.parse(value);
                    if (named == null) {
                        return List.of();
                    }
                    server = new Server(named.host, named.instance != null ? named.instance : server.instance, server.port);
                    break;
                case "portnumber":
                case "port":
                    int port = HostPort.parsePort(value);
                    if (port < 0) {
                        return List.of();
                    }
                    server = new Server(server.host, server.instance, port);
                    break;
                case "instancename":
                    server = new Server(server.host, value.isEmpty() ? null : value, server.port);
                    break;
                case "failoverpartner":
                    partner = value;
                    break;
                default:
                    break;
            }
        }
        List<String> keys = new ArrayList<>();
        addKey(server, keys);
        Server failover = partner == null ? null : Server.parse(partner);
        if (failover != null && !failover.host.isEmpty()) {
            addKey(failover, keys);
        }
        return keys;
    }

    private static void addKey(Server server, List<String> keys) {
        if (server.port > 0) {
            keys.add(Gate.key(server.hostOrLocal(), server.port));
        } else if (server.instance == null) {
            keys.add(Gate.key(server.hostOrLocal(), DEFAULT_PORT));
        }
    }

    /** Values may be wrapped in braces to carry ';' and other special characters. */
    private static String unbrace(String value) {
        return value.startsWith("{") && value.endsWith("}") ? value.substring(1, value.length() - 1) : value;
    }

    /** {@code host[\instance][:port]}; an empty host means localhost, as in the driver. */
    private record Server(String host, String instance, int port) {

        static Server parse(String text) {
            String s = text.trim();
            String instance = null;
            int port = -1;
            int colon = s.startsWith("[") ? s.indexOf(':', Math.max(s.indexOf(']'), 0)) : s.lastIndexOf(':');
            int backslash = s.indexOf('\\');
            if (colon >= 0 && colon > backslash && (s.startsWith("[") || s.indexOf(':') == colon)) {
                port = HostPort.parsePort(s.substring(colon + 1));
                if (port < 0) {
                    return null;
                }
                s = s.substring(0, colon);
            }
            if (backslash >= 0) {
                instance = s.substring(backslash + 1);
                s = s.substring(0, backslash);
            }
            if (s.isEmpty()) {
                return new Server("", instance, port);
            }
            HostPort host = HostPort.parse(s);
            return host == null || host.port() > 0 ? null : new Server(host.host(), instance, port);
        }

        String hostOrLocal() {
            return host.isEmpty() ? "localhost" : host;
        }
    }
}
