package dev.watchdog.agent.fleet;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each member's latest vote per target, from the channel and from the vote hashes. Keeps only votes
 * newer than the one held (a replayed message cannot turn a vote back) and not stale; votes of
 * non-probers are kept too, in case duty moves to them, and ignored by the quorum until then.
 */
final class VoteBook {

    private final Map<String, Map<String, FleetVote>> byTarget = new ConcurrentHashMap<>();
    private final long staleAfterMillis;

    VoteBook(long staleAfterMillis) {
        this.staleAfterMillis = staleAfterMillis;
    }

    /** Null when taken or already held (the same vote read again); otherwise why not. */
    VoteCodec.Rejection offer(FleetVote vote, long now) {
        if (now - vote.epochMillis() > staleAfterMillis || vote.epochMillis() - now > staleAfterMillis) {
            return VoteCodec.Rejection.STALE;
        }
        Map<String, FleetVote> votes = byTarget.computeIfAbsent(vote.target(), t -> new ConcurrentHashMap<>());
        boolean[] older = {false};
        votes.compute(vote.member(), (m, held) -> {
            if (held != null && held.epochMillis() >= vote.epochMillis()) {
                older[0] = held.epochMillis() > vote.epochMillis();
                return held;
            }
            return vote;
        });
        return older[0] ? VoteCodec.Rejection.REPLAYED : null;
    }

    Map<String, FleetVote> of(String target) {
        Map<String, FleetVote> votes = byTarget.get(target);
        return votes == null ? Map.of() : votes;
    }

    /** Forgets targets no longer checked and votes long stale, so the book does not grow with history. */
    void retain(Collection<String> targets, long now) {
        byTarget.keySet().retainAll(targets);
        for (Map<String, FleetVote> votes : byTarget.values()) {
            votes.values().removeIf(v -> now - v.epochMillis() > 2 * staleAfterMillis);
        }
    }
}
