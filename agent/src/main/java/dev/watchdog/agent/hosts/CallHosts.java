package dev.watchdog.agent.hosts;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.PoolUrls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpRequest;
import java.util.List;
import javax.sql.DataSource;

/**
 * The host keys of an instrumented call, from the receiver and first argument its exit advice
 * hands to the gate: Driver#connect (a JDBC URL), HttpClient#send (an HttpRequest), Socket and
 * SocketChannel connect (an InetSocketAddress), HttpURLConnection (the connection), a DataSource
 * (its URL getter), OkHttp's RealCall and Apache's HttpHost (read reflectively: application classes
 * are invisible to the agent's loader). Runs only on a failure, or a success while a host is
 * half-open: reflection is fine here and never on the success path.
 */
public final class CallHosts {

    private CallHosts() {
    }

    /** @return the hosts the call went to; empty when they cannot be told */
    public static List<String> of(Object call, Object target) {
        try {
            if (target instanceof String url && url.startsWith("jdbc:")) {
                return JdbcUrls.hostKeys(url);
            }
            if (target instanceof HttpRequest request) {
                return one(HttpUris.hostKey(request.uri()));
            }
            if (target instanceof InetSocketAddress address) {
                return address.getPort() > 0 ? List.of(Gate.key(address.getHostString(), address.getPort())) : List.of();
            }
            if (call instanceof URLConnection connection) {
                return one(HttpUris.hostKey(connection.getURL().toURI()));
            }
            if (call instanceof DataSource dataSource) {
                String url = PoolUrls.of(dataSource);
                return url == null ? List.of() : JdbcUrls.hostKeys(url);
            }
            if (call != null && call.getClass().getName().startsWith("okhttp3.")) {
                Object request = invoke(call, "request");
                Object url = request == null ? null : invoke(request, "url");
                return url == null ? List.of() : one(HttpUris.hostKey(new URL(url.toString()).toURI()));
            }
            if (target != null && target.getClass().getName().endsWith(".HttpHost")) {
                return one(HttpUris.hostKey(URI.create(target.toString())));
            }
        } catch (Exception | LinkageError unreadable) {
            // no host: the failure is not counted
        }
        return List.of();
    }

    private static List<String> one(String hostKey) {
        return hostKey == null ? List.of() : List.of(hostKey);
    }

    private static Object invoke(Object receiver, String method) throws ReflectiveOperationException {
        return receiver.getClass().getMethod(method).invoke(receiver);
    }
}
