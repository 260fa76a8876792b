package dev.watchdog.agent.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a jdbc: check URL may not ask of a driver. A check connects through the application's own
 * drivers inside the application's JVM, so a URL that makes a driver run SQL in-process or create an
 * object of a class it names would let the configuration run code in the application. Refused:
 * <ul>
 * <li>in-process databases (H2 other than {@code tcp:}/{@code ssl:}, HSQLDB {@code mem:}/{@code file:}/{@code res:},
 * embedded Derby, SQLite, DuckDB): their URL settings and the check's query run inside the application
 * ({@code INIT=RUNSCRIPT}, {@code CREATE ALIAS ... FOR 'class.method'}), and they guard no network host;</li>
 * <li>URL parameters that name a class ({@code socketFactory}, {@code sslfactory}, {@code socketFactoryClass},
 * {@code queryInterceptors}, H2's {@code DATABASE_EVENT_LISTENER}...), run SQL ({@code INIT}), or read or
 * write local files or objects ({@code loggerFile}, {@code allowLoadLocalInfile}, {@code autoDeserialize}),
 * wherever they stand: after {@code ?} and {@code &}, after {@code ;}, or inside MySQL's {@code (key=value)} hosts.</li>
 * </ul>
 * Only health checks are concerned: the application's own connections are never looked at.
 */
final class JdbcCheckUrls {

    /** Parameter names (lower case, letters and digits only) refused outright. */
    private static final Set<String> REFUSED = Set.of(
            "init",                                       // H2: SQL run on connect (RUNSCRIPT, CREATE ALIAS)
            "logger", "loggerfile",                        // Connector/J: a logger class; pgjdbc: a file it writes
            "autodeserialize",                             // Connector/J: Java deserialization of column values
            "allowloadlocalinfile", "allowloadlocalinfileinpath", "allowurlinlocalinfile", "allowlocalinfile");
    /** Name endings of parameters whose value is a class to load (drivers' naming conventions). */
    private static final List<String> CLASS_ENDINGS = List.of("factory", "class", "classname", "callback", "interceptor",
            "interceptors", "plugin", "plugins", "verifier", "listener", "serializer", "transform", "strategy",
            "provider", "handler", "checker", "engine", "authenticator");
    private static final String REASON = "which makes a driver load a class, run SQL or use local files inside the"
            + " application; a health check refuses it (the application's own connections are not affected); expected"
            + " the URL without it";

    private JdbcCheckUrls() {
    }

    /** @throws IllegalArgumentException completing {@code "<url>" ...}, naming the parameter, never its value */
    static void requireSafe(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        if (inProcess(lower)) {
            throw new IllegalArgumentException("is an in-process database: its settings and the check's query would run"
                    + " inside the application, and it guards no network host; expected a network URL like"
                    + " jdbc:h2:tcp://host:9092/db or jdbc:postgresql://host:5432/db");
        }
        for (String piece : url.split("[?&;(),\\[\\]]")) {
            int eq = piece.indexOf('=');
            if (eq > 0 && refused(normalize(piece.substring(0, eq)))) {
                throw new IllegalArgumentException("has parameter " + piece.substring(0, eq).strip() + ", " + REASON);
            }
        }
    }

    private static boolean inProcess(String lower) {
        String rest = lower.substring("jdbc:".length());
        if (rest.startsWith("h2:")) {
            rest = rest.substring(3);
            return !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
        }
        if (rest.startsWith("hsqldb:")) {
            rest = rest.substring(7);
            return !rest.startsWith("hsql:") && !rest.startsWith("hsqls:") && !rest.startsWith("http:") && !rest.startsWith("https:");
        }
        if (rest.startsWith("derby:")) {
            return !rest.startsWith("derby://");
        }
        return rest.startsWith("sqlite:") || rest.startsWith("duckdb:");
    }

    private static boolean refused(String name) {
        if (REFUSED.contains(name)) {
            return true;
        }
        for (String ending : CLASS_ENDINGS) {
            if (name.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, percent-escapes decoded (some drivers decode names), letters and digits only: {@code socket_Factory} is {@code socketfactory}. */
    private static String normalize(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = name;
        }
        return decoded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
