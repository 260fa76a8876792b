package dev.watchdog.agent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthRelayTest {

    private final List<String> told = new ArrayList<>();

    @Test
    void breakersFirstThenStatusOnceItIsThere() {
        HealthRelay relay = new HealthRelay(recording(false), () -> { });
        relay.changed(null, Health.UP, Health.DOWN, "refused");   // no status yet: breakers only
        relay.relayTo(() -> told.add("status"));
        relay.changed(null, Health.DOWN, Health.UP, "check passed");
        relay.removed(null);
        assertEquals(List.of("breakers UP->DOWN", "breakers DOWN->UP", "status", "breakers removed", "status"), told);
    }

    @Test
    void statusIsToldEvenWhenTheBreakersFail() {
        HealthRelay relay = new HealthRelay(recording(true), () -> { });
        relay.relayTo(() -> told.add("status"));
        assertThrows(IllegalStateException.class, () -> relay.changed(null, Health.UP, Health.DOWN, "refused"));
        assertEquals(List.of("breakers UP->DOWN", "status"), told);
    }

    private HealthListener recording(boolean fail) {
        return new HealthListener() {
            @Override
            public void changed(TargetConfig target, Health from, Health to, String reason) {
                told.add("breakers " + from + "->" + to);
                if (fail) {
                    throw new IllegalStateException("breakers failed");
                }
            }

            @Override
            public void removed(TargetConfig target) {
                told.add("breakers removed");
            }
        };
    }
}
