package dev.watchdog.agent.breaker;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Tells a connection-level failure (the host could not be reached) from everything else. Only the
 * former counts toward a passive breaker: HTTP error responses and SQL errors other than class 08
 * (syntax, constraints, authentication) prove the host answered. The agent's own rejections
 * never count.
 */
final class ConnectionFailures {

    static final String REJECTION_PREFIX = "watchdog: circuit open";

    private ConnectionFailures() {
    }

    /** @return a short reason ("Connection refused") when {@code thrown} is connection-level, else null */
    static String reason(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 16; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && message.startsWith(REJECTION_PREFIX)) {
                return null;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return message == null ? t.getClass().getSimpleName() : message;
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + message;
            }
            // thrown by the connect hooks only, so a timeout here is a connect (or handshake) timeout
            if (t instanceof SocketTimeoutException) {
                return message == null ? "connect timed out" : message;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return "SQLState " + sql.getSQLState() + (message == null ? "" : ": " + message);
            }
        }
        return null;
    }
}
