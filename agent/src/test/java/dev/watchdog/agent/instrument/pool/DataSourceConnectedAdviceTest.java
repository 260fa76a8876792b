package dev.watchdog.agent.instrument.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.jdbc.Connections;
import dev.watchdog.bootstrap.ConnectionUrls;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A pool's checkout records the connection it hands out (HikariCP's per-checkout proxy) with the pool's URL. */
class DataSourceConnectedAdviceTest {

    /** Hands out a fresh proxy per checkout, as HikariCP does. */
    public static class ProxyingPool extends DataSourceGetConnectionAdviceTest.BlockingDataSource {
        @Override
        public Connection getConnection() {
            return Connections.live("jdbc:h2:the-physical-connection");
        }
    }

    /** A wrapper without a URL of its own. */
    public static class Wrapper extends ProxyingPool {
        @Override
        public String getJdbcUrl() {
            return null;
        }
    }

    @Test
    void eachCheckoutIsRecordedWithThePoolsUrl() throws Exception {
        DataSource pool = Advised.instance(ProxyingPool.class, DataSourceConnectedAdvice.class, "getConnection", DataSource.class);
        Connection first = pool.getConnection();
        Connection second = pool.getConnection();
        assertEquals(DataSourceGetConnectionAdviceTest.URL, ConnectionUrls.urlOf(first));
        assertEquals(DataSourceGetConnectionAdviceTest.URL, ConnectionUrls.urlOf(second));
    }

    @Test
    void aConnectionKnownFromItsConnectKeepsItsUrl() throws Exception {
        DataSource pool = Advised.instance(ProxyingPool.class, DataSourceConnectedAdvice.class, "getConnection", DataSource.class);
        DataSource wrapper = Advised.instance(Wrapper.class, DataSourceConnectedAdvice.class, "getConnection", DataSource.class);
        assertNull(ConnectionUrls.urlOf(wrapper.getConnection()), "no URL, nothing recorded");
        Connection c = pool.getConnection();
        ConnectionUrls.opened(c, "jdbc:h2:tcp://other:9092/mem:x");
        assertEquals(DataSourceGetConnectionAdviceTest.URL, ConnectionUrls.urlOf(c));
    }
}
