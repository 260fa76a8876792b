package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VoteCodecTest {

    private static final byte[] SECRET = "s3cret-key".getBytes(StandardCharsets.UTF_8);
    private final VoteCodec codec = new VoteCodec("shop", SECRET);

    @Test
    void aSignedVoteReadsBack() {
        FleetVote vote = new FleetVote("db main", "pod-1", true, 1_700_000_000_000L, "connection refused: 10.0.0.1:5432");
        String text = codec.encode(vote);
        assertEquals(vote, codec.decode(text).vote());
        assertFalse(text.contains("s3cret"));
    }

    @Test
    void forgedVotesAreRejected() {
        String text = codec.encode(new FleetVote("db", "pod-1", false, 1000, ""));
        assertEquals(VoteCodec.Rejection.BAD_SIGNATURE, codec.decode(text.replace(" UP ", " DOWN ")).rejection());
        assertEquals(VoteCodec.Rejection.UNSIGNED, codec.decode(text.substring(0, text.lastIndexOf(' '))).rejection());
        assertEquals(VoteCodec.Rejection.BAD_SIGNATURE, codec.decode(text.substring(0, text.lastIndexOf(' ')) + " zz").rejection());
        VoteCodec other = new VoteCodec("shop", "another".getBytes(StandardCharsets.UTF_8));
        assertEquals(VoteCodec.Rejection.BAD_SIGNATURE, other.decode(text).rejection());
        assertEquals(VoteCodec.Rejection.MALFORMED, codec.decode("hello").rejection());
        assertEquals(VoteCodec.Rejection.MALFORMED, new VoteCodec("other-fleet", SECRET).decode(text).rejection());
    }

    @Test
    void staleFutureAndReplayedVotesAreNotTaken() {
        VoteBook book = new VoteBook(3000);
        long now = 1_000_000;
        assertEquals(VoteCodec.Rejection.STALE, book.offer(new FleetVote("db", "a", true, now - 3001, ""), now));
        assertEquals(VoteCodec.Rejection.STALE, book.offer(new FleetVote("db", "a", true, now + 3001, ""), now));
        assertNull(book.offer(new FleetVote("db", "a", false, now - 10, ""), now));
        assertNull(book.offer(new FleetVote("db", "a", false, now - 10, ""), now), "the same vote read again");
        assertEquals(VoteCodec.Rejection.REPLAYED, book.offer(new FleetVote("db", "a", true, now - 20, ""), now));
        assertFalse(book.of("db").get("a").down());
    }
}
