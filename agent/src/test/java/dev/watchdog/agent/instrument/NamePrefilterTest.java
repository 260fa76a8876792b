package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.Libraries;
import dev.watchdog.agent.instrument.socket.SocketInstrumentation;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamePrefilterTest {

    private final NamePrefilter prefilter = new NamePrefilter(Libraries.all());

    /** Every type an instrumentation matches passes the name pre-filter. */
    @Test
    void instrumentedTypesPass() {
        for (String name : new String[] {
            "org.h2.Driver", "org.postgresql.Driver", "com.mysql.cj.jdbc.NonRegisteringDriver",
            "org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcPreparedStatement", "org.postgresql.jdbc.PgStatement",
            "com.zaxxer.hikari.HikariDataSource", "org.apache.commons.dbcp2.BasicDataSource",
            "java.net.Socket", "sun.nio.ch.SocketChannelImpl", "java.net.HttpURLConnection",
            "sun.net.www.protocol.http.HttpURLConnection", "jdk.internal.net.http.HttpClientImpl",
            "okhttp3.internal.connection.RealCall",
            "org.apache.http.impl.client.InternalHttpClient", "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
        }) {
            assertTrue(prefilter.mayMatch(name), name);
        }
    }

    /** Everything else is ignored by name, before ByteBuddy describes (parses) it. */
    @Test
    void otherTypesAreIgnored() {
        for (String name : new String[] {
            "java.lang.String", "org.h2.engine.SessionLocal", "com.example.App", "java.util.HashMap$Node",
            "dev.watchdog.agent.SomeDriver", "net.bytebuddy.SomeStatement", "java.net.InetAddress", "okhttp3.OkHttpClient",
        }) {
            assertFalse(prefilter.mayMatch(name), name);
        }
    }

    /** A library not installed (its switch off) lets nothing of its own through. */
    @Test
    void onlyTheInstalledLibrariesNamesPass() {
        NamePrefilter socketOnly = new NamePrefilter(List.of(new SocketInstrumentation()));
        assertTrue(socketOnly.mayMatch("java.net.Socket"));
        assertFalse(socketOnly.mayMatch("okhttp3.internal.connection.RealCall"));
        assertFalse(socketOnly.mayMatch("org.h2.Driver"));
    }
}
