package dev.watchdog.agent.hosts;

import dev.watchdog.bootstrap.Gate;
import java.net.URI;

/** The host key of an HTTP(S) URI, with the scheme's default port. */
public final class HttpUris {

    private HttpUris() {
    }

    /**
     * {@code host:port} with 80/443 filled in from {@link Gate#defaultPort}; null when the URI has no
     * host, or no port and a scheme without a known default (never guess a port).
     */
    public static String hostKey(URI uri) {
        if (uri == null) {
            return null;
        }
        HostPort hp = hostPort(uri);
        return hp == null ? null : hp.key(Gate.defaultPort(uri.getScheme()));
    }

    private static HostPort hostPort(URI uri) {
        if (uri.getHost() != null) {
            return new HostPort(uri.getHost(), uri.getPort());
        }
        // java.net.URI gives no host for names with '_' ("my_service:8080"); read the authority ourselves
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        int at = authority.lastIndexOf('@');
        return HostPort.parse(authority.substring(at + 1));
    }
}
