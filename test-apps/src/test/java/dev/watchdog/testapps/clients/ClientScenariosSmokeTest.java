package dev.watchdog.testapps.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.clients.scenarios.CallTimes;
import dev.watchdog.testapps.clients.scenarios.ClientScenarios;
import dev.watchdog.testapps.clients.scenarios.ClientSpec;
import dev.watchdog.testapps.clients.scenarios.Scenario;
import dev.watchdog.testapps.clients.scenarios.ScenarioRunner;
import dev.watchdog.testapps.support.AgentOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof table's harness gives real numbers: one HTTP client kind (OkHttp's execute, 5 s read timeout)
 * in one scenario (a warm connection, then blackholed), once with the agent and once without. With the
 * agent most calls of the window are rejected in well under a millisecond; without it the median call is
 * still waiting (or took seconds) when the window ends. About 20 s.
 */
class ClientScenariosSmokeTest {

    private static final Duration WINDOW = Duration.ofMillis(2_500);

    @TempDir
    Path dir;

    @Test
    void theTableShowsTheAgentFastAndTheBlackholedCallWaitingWithoutIt() throws Exception {
        ScenarioRunner.Options options = new ScenarioRunner.Options(AgentOutput.jar().toAbsolutePath(), WINDOW,
                Duration.ofSeconds(1), 100, Duration.ofSeconds(30), System.getProperty("java.class.path"), dir,
                System.out::println);
        List<ClientScenarios.Row> rows = ClientScenarios.run(List.of(ClientSpec.http("OkHttp 4", "okhttp-execute")),
                List.of(Scenario.WARM_THEN_BLACKHOLED), options, System.out::println);
        String table = ClientScenarios.table(rows, WINDOW);
        System.out.println(table);

        assertEquals(1, rows.size(), table);
        ClientScenarios.Row row = rows.get(0);
        CallTimes with = row.withAgent();
        CallTimes without = row.withoutAgent();
        assertTrue(with.n() >= 15 && without.n() >= 15, "calls every 100 ms for 2.5 s, each run\n" + table);
        assertTrue(with.outcomes().getOrDefault("ConnectException (agent)", 0) >= with.n() / 2,
                "with the agent most calls are its rejections\n" + table);
        assertTrue(with.medianMicros() != null && with.medianMicros() < 50_000, "with the agent the median call is fast\n" + table);
        Long slow = without.medianMicros();
        assertTrue(slow == null || slow >= 1_000_000, "without the agent the median blackholed call waits\n" + table);
        assertTrue(table.contains("| OkHttp 4 | - | warm, then blackholed | okhttp-execute | "), table);
    }
}
