package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StatusKeysTest {


    @Test
    void theEndpointIsOffAndLoopbackByDefault() {
        AgentConfig config = AgentConfig.defaults();
        assertEquals(0, config.statusPort());
        assertEquals("127.0.0.1", config.statusBind());
    }

    @Test
    void aPortOutOfRangeIsAnErrorNamingTheRange() {
        Properties sys = new Properties();
        sys.setProperty("user.dir", System.getProperty("java.io.tmpdir"));
        sys.setProperty("watchdog.status.port", "70000");
        ConfigResult r = ConfigLoader.load(null, Map.of(), sys);
        assertFalse(r.ok());
        assertTrue(r.errors().toString().contains("expected a whole number from 0 to 65535"), r.errors().toString());

        sys.setProperty("watchdog.status.port", "9464");
        sys.setProperty("watchdog.status.bind", " 0.0.0.0 ");
        r = ConfigLoader.load(null, Map.of(), sys);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(9464, r.config().statusPort());
        assertEquals("0.0.0.0", r.config().statusBind());
    }
}
