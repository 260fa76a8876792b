package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.util.List;

/**
 * The member's subscriber connection and its thread: SUBSCRIBE to the fleet's channel, take each
 * signed, fresh vote into the book and re-decide its target at once (this is how every member learns
 * of a quorum within milliseconds). A quiet connection is PINGed every interval; no answer by the next
 * interval and a timeout means it is dead. After a reconnection the cycle re-reads the vote hashes at
 * once, for the messages missed meanwhile; after a lost subscription it runs at once too, so a member
 * cut off from Redis falls back without waiting for its next cycle.
 */
final class VerdictFeed implements Runnable {

    private final MemberParts parts;
    /** Asks the cycle for a whole cycle now: after a reconnection, and after losing a subscription. */
    private final Runnable cycleNow;
    private volatile boolean running = true;
    private volatile RespConnection connection;

    VerdictFeed(MemberParts parts, Runnable cycleNow) {
        this.parts = parts;
        this.cycleNow = cycleNow;
    }

    void stop() {
        running = false;
        RespConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void run() {
        int failures = 0;
        boolean subscribed = false;
        while (running) {
            try {
                connection = RespConnection.open(parts.settings().endpoint(), parts.settings().timeout(), parts.traffic(),
                        "watchdog-fleet-feed:" + parts.settings().memberId());
                if (!running) {
                    break;   // stopped while connecting: stop() found no connection to close
                }
                connection.send(List.<String[]>of(new String[] {"SUBSCRIBE", parts.keys().channel()}));
                if (!(connection.read() instanceof List<?> l) || l.isEmpty() || !"subscribe".equals(l.get(0))) {
                    throw new IOException("Redis refused SUBSCRIBE");
                }
                parts.availability().subscribed();
                subscribed = true;
                failures = 0;
                cycleNow.run();
                listen(connection);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    parts.availability().unsubscribed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    if (subscribed) {
                        cycleNow.run();   // if Redis is gone, the member falls back now, not at its next cycle
                    }
                }
                subscribed = false;
            } finally {
                RespConnection c = connection;
                connection = null;
                if (c != null) {
                    c.close();
                }
            }
            if (running) {
                failures++;
                pause(failures);
            }
        }
    }

    private void listen(RespConnection c) throws IOException {
        int quietMillis = (int) Math.min(Integer.MAX_VALUE, parts.settings().interval().toMillis());
        int answerMillis = (int) Math.min(Integer.MAX_VALUE, parts.settings().interval().plus(parts.settings().timeout()).toMillis());
        boolean pinged = false;
        while (running) {
            if (!c.awaitData(pinged ? answerMillis : quietMillis)) {
                if (pinged) {
                    throw new IOException("subscriber connection did not answer PING");
                }
                c.send(List.<String[]>of(new String[] {"PING"}));
                pinged = true;
                continue;
            }
            pinged = false;
            Object reply = c.read();
            if (reply instanceof List<?> m && m.size() == 3 && "message".equals(m.get(0)) && m.get(2) instanceof String text) {
                parts.traffic().messages.incrementAndGet();
                take(text);
            }
        }
    }

    private void take(String text) {
        VoteCodec.Decoded d = parts.codec().decode(text);
        if (d.rejection() != null) {
            parts.traffic().dropped(d.rejection());
            return;
        }
        FleetVote vote = d.vote();
        if (vote.member().equals(parts.settings().memberId()) || !parts.picture().targets().contains(vote.target())) {
            return;   // its own vote, taken when cast; or a target this member does not check
        }
        VoteCodec.Rejection r = parts.book().offer(vote, parts.clock().now());
        if (r != null) {
            parts.traffic().dropped(r);
            return;
        }
        if (!parts.picture().probers(vote.target()).contains(vote.member())) {
            parts.traffic().dropped(VoteCodec.Rejection.NOT_PROBER);
        }
        parts.picture().revote(parts.clock().now());
    }

    private void pause(int failures) {
        try {
            Thread.sleep(Retry.delayMillis(parts.settings().interval(), failures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
