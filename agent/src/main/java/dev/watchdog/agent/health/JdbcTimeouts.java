package dev.watchdog.agent.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Driver-specific connect and socket timeouts for a health check's connection, so that a
 * blackholed database fails the check inside its deadline instead of holding a worker in driver
 * I/O. Only drivers known to accept these properties get them (H2, for one, rejects unknown
 * settings); a timeout already in the URL wins, as the drivers let URL parameters override (H2
 * refuses a setting given twice, so its NETWORK_TIMEOUT is added only when the URL has none).
 */
final class JdbcTimeouts {

    private JdbcTimeouts() {
    }

    static Properties with(String url, Properties base, Duration timeout) {
        Properties p = new Properties();
        p.putAll(base);
        long millis = Math.max(1, timeout.toMillis());
        String seconds = Long.toString(Math.max(1, (millis + 999) / 1000));
        String ms = Long.toString(millis);
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            p.setProperty("connectTimeout", seconds);
            p.setProperty("socketTimeout", seconds);
            p.setProperty("loginTimeout", seconds);
        } else if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
            p.setProperty("connectTimeout", ms);
            p.setProperty("socketTimeout", ms);
        } else if (u.startsWith("jdbc:sqlserver:")) {
            p.setProperty("loginTimeout", seconds);
            p.setProperty("socketTimeout", ms);
        } else if (u.startsWith("jdbc:h2:") && !u.contains("network_timeout")) {
            p.setProperty("NETWORK_TIMEOUT", ms);   // the client's socket read timeout (a frozen or blackholed server)
        } else if (u.startsWith("jdbc:oracle:")) {
            p.setProperty("oracle.net.CONNECT_TIMEOUT", ms);
            p.setProperty("oracle.jdbc.ReadTimeout", ms);
        }
        return p;
    }
}
