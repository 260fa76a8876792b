package dev.watchdog.agent.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ObservedRejectionsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ObservedRejections observed = new ObservedRejections(now::get);

    @Test
    void firstRejectionLogsThenOneLinePerHostPerPeriodWhileEveryCallCounts() {
        ObservedRejections.Line first = observed.count("db:5432");
        assertNotNull(first);
        assertEquals(1, first.count());
        for (int i = 0; i < 99; i++) {
            assertNull(observed.count("db:5432"));
        }
        assertNotNull(observed.count("api:443"), "hosts are limited independently");
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertNull(observed.count("db:5432"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        ObservedRejections.Line next = observed.count("db:5432");
        assertNotNull(next);
        assertEquals(102, next.count());
        assertEquals(101, next.sinceLast());
        assertEquals(102, observed.total("db:5432"));
        assertEquals(0, observed.total("unknown:1"));
    }
}
