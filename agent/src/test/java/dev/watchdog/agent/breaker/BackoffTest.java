package dev.watchdog.agent.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDelayDoublesAfterEachFailedTrialUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), () -> 0.5);   // no jitter
        assertEquals(Duration.ofSeconds(5), b.next());
        b.trialFailed();
        assertEquals(Duration.ofSeconds(10), b.next());
        b.trialFailed();
        assertEquals(Duration.ofSeconds(20), b.next());
        b.trialFailed();
        b.trialFailed();
        assertEquals(Duration.ofSeconds(60), b.next(), "80s capped");
        for (int i = 0; i < 100; i++) {
            b.trialFailed();
        }
        assertEquals(Duration.ofSeconds(60), b.next(), "no overflow");
        b.reset();
        assertEquals(Duration.ofSeconds(5), b.next());
    }

    @Test
    void jitterSpreadsByTwentyPercentButNeverPastTheMaximum() {
        Backoff low = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), () -> 0.999_999);
        assertEquals(Duration.ofSeconds(4), low.next());
        assertEquals(Duration.ofSeconds(6), high.next());
        for (int i = 0; i < 4; i++) {
            low.trialFailed();
            high.trialFailed();
        }
        assertEquals(Duration.ofSeconds(48), low.next(), "60s -20%");
        assertEquals(Duration.ofSeconds(60), high.next(), "60s +20% is capped at the maximum");
        Backoff random = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), Math::random);
        for (int i = 0; i < 1000; i++) {
            long ms = random.next().toMillis();
            assertTrue(ms >= 4000 && ms <= 6000, ms + "ms");
        }
    }

    @Test
    void aMaximumBelowTheDelayMeansTheDelay() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0.5);
        assertEquals(Duration.ofSeconds(5), b.next());
    }
}
