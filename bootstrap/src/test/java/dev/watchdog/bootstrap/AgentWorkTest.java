package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's own work is recognised by its scope, on whatever thread a client library carries it out. */
class AgentWorkTest {

    private static final String MESSAGE = "watchdog: circuit open for db:5432";

    @AfterEach
    void reset() {
        GATE.close("db:5432");
    }

    @Test
    void aThreadStartedInsideACheckIsTheAgentsAndOneKeptAfterItIsNot() throws Exception {
        GATE.open("db:5432", MESSAGE);
        AtomicReference<String> insideAnswer = new AtomicReference<>("unset");
        AtomicReference<String> keptAnswer = new AtomicReference<>("unset");
        Thread kept;
        try (AgentWork.Scope check = AgentWork.begin()) {
            assertNull(Gate.rejectHost("db", 5432), "the check itself");
            // pgjdbc with loginTimeout: the connect runs on a thread the driver starts for it
            Thread connect = new Thread(() -> insideAnswer.set(Gate.rejectHost("db", 5432)), "PostgreSQL JDBC driver connection thread");
            connect.start();
            connect.join();
            kept = new Thread(() -> keptAnswer.set(Gate.rejectHost("db", 5432)), "a timer the driver keeps");
        }
        assertNull(insideAnswer.get(), "the driver's own connect thread, during the check");
        assertEquals(MESSAGE, Gate.rejectHost("db", 5432), "the application's thread after the check");

        AtomicReference<String> laterAnswer = new AtomicReference<>("unset");
        Thread later = new Thread(() -> laterAnswer.set(Gate.rejectHost("db", 5432)));
        later.start();
        later.join();
        assertEquals(MESSAGE, laterAnswer.get(), "a thread started after the check ended");
        kept.start();   // created during the check, working after it: a driver's shared timer
        kept.join();
        assertEquals(MESSAGE, keptAnswer.get(), "a thread created during the check, working after it");
    }

    @Test
    void scopesNestAndTheAgentsThreadsAreAlwaysItsOwn() throws Exception {
        try (AgentWork.Scope outer = AgentWork.begin()) {
            try (AgentWork.Scope inner = AgentWork.begin()) {
                assertTrue(AgentWork.isCurrent());
            }
            assertTrue(AgentWork.isCurrent(), "the outer scope is still open");
        }
        assertFalse(AgentWork.isCurrent());
        AtomicReference<Boolean> onAgentThread = new AtomicReference<>();
        Thread t = new AgentThread(() -> onAgentThread.set(AgentWork.isCurrent()), "watchdog-test");
        t.start();
        t.join();
        assertTrue(onAgentThread.get());
    }
}
