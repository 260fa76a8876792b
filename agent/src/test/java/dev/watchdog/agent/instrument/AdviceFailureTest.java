package dev.watchdog.agent.instrument;

import dev.watchdog.agent.gate.GateAccess;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.GateListener;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An advice that fails by mistake reports to the gate and the instrumented call goes on untouched. */
class AdviceFailureTest {

    private final List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void reset() {
        GateAccess.control().setListener(null);
    }

    @Test
    void aThrowingAdviceIsReportedAndTheCallGoesOn() throws Exception {
        GateAccess.control().setListener(new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return new String[0];
            }

            @Override
            public void rejected(String hostKey, long calls, boolean enforced) {
            }

            @Override
            public void seen(String hostKey) {
            }

            @Override
            public void adviceFailed(Throwable error) {
                reported.add(error);
            }
        });
        Class<?> instrumented = Advised.copy(Sample.class, BrokenAdvice.class, "call");
        Object sample = instrumented.getDeclaredConstructor().newInstance();
        assertEquals("answer", instrumented.getMethod("call").invoke(sample));
        TestGate.delivered();   // the report reaches the agent on its own thread
        assertEquals(1, reported.size());
        assertEquals("advice bug", reported.get(0).getMessage());
    }

    public static class Sample {
        public String call() {
            return "answer";
        }
    }

    public static final class BrokenAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static Throwable enter() {
            throw new IllegalStateException("advice bug");
        }
    }
}
