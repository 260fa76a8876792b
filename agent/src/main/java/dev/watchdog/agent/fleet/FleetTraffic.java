package dev.watchdog.agent.fleet;

import java.util.concurrent.atomic.AtomicLong;

/** One member's own Redis traffic and what it dropped: counters written by the fleet threads, read by the view. */
final class FleetTraffic {

    final AtomicLong commands = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong unsigned = new AtomicLong();
    final AtomicLong badSignature = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    final AtomicLong notProber = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    FleetView.Counters snapshot() {
        return new FleetView.Counters(commands.get(), bytesSent.get(), bytesReceived.get(), published.get(), messages.get(),
                unsigned.get(), badSignature.get(), stale.get(), notProber.get(), replayed.get(), malformed.get());
    }

    void dropped(VoteCodec.Rejection rejection) {
        switch (rejection) {
            case UNSIGNED -> unsigned.incrementAndGet();
            case BAD_SIGNATURE -> badSignature.incrementAndGet();
            case STALE -> stale.incrementAndGet();
            case NOT_PROBER -> notProber.incrementAndGet();
            case REPLAYED -> replayed.incrementAndGet();
            case MALFORMED -> malformed.incrementAndGet();
        }
    }
}
