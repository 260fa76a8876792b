/**
 * Fleet mode: many agents that check the same dependencies share the probing and the verdicts through
 * a Redis they already run, instead of each probing everything on its own.
 *
 * <h2>Redis</h2>
 * RESP spoken over a plain or TLS socket ({@code rediss://}, the JDK's default SSL context, host name
 * verified), no client library. Each member holds two connections: a command connection (its cycle
 * thread) and a subscriber connection (its feed thread), both threads daemons named
 * {@code watchdog-fleet-cycle-<member>} and {@code watchdog-fleet-feed-<member>}. Each connection is
 * opened with AUTH ([user] password from the URL), SELECT (the URL's db) and CLIENT SETNAME
 * {@code watchdog-fleet:<member>}; connect and read timeouts are the fleet timeout. Replies are bounded
 * (4 MiB, 100,000 elements, 4 levels, 512-byte lines) and nothing is allocated from a size the server
 * announces before its bytes arrive. After a failure the connection is closed and reopened after the
 * interval (three times), then after 2, 4 and 8 intervals (at most 30 s), ±20 %.
 *
 * <h2>Keys ({@code watchdog:fleet:<fleet>:...})</h2>
 * <ul>
 * <li>{@code member:<id>}: the member's host, pid and start time, {@code PX} 3 intervals, refreshed
 * every interval (for operators: {@code redis-cli --scan --pattern 'watchdog:fleet:*:member:*'}).</li>
 * <li>{@code members}: sorted set of member ids scored by the fleet time their registration expires;
 * every member prunes entries expired for more than one interval ({@code ZREMRANGEBYSCORE}) each
 * cycle. The interval of grace keeps a member whose clock estimate is slightly off from dropping live
 * members.</li>
 * <li>{@code version}: bumped ({@code INCR}) by whoever adds a new member or prunes one, so members
 * re-read the set ({@code ZRANGEBYSCORE now-interval +inf}, at most 10,000) only when it changed. A steady
 * fleet costs one {@code GET} per member and interval for membership.</li>
 * <li>{@code votes:<target>}: hash of prober id to its signed vote, {@code PX} 3 intervals.</li>
 * <li>{@code verdicts}: the pub/sub channel of vote transitions.</li>
 * </ul>
 * One cycle per interval is one pipelined round trip: {@code TIME}, {@code SET member PX},
 * {@code ZADD}, {@code ZREMRANGEBYSCORE}, {@code GET version}, this member's vote writes, and
 * {@code HGETALL} of each target's votes (a second round trip reads the member set when it changed).
 * Measured in a fleet of 1,000 with one target: 7 commands, about 470 bytes sent and 480 received per
 * member and interval (more while members come and go: each change makes every member read the set).
 *
 * <h2>Time</h2>
 * Vote ages and registration expiries use the fleet's clock: this JVM's clock corrected by Redis's
 * {@code TIME} (read when connecting and every cycle; a sample whose round trip was more than twice
 * the best lately is not taken), so hosts' clocks need not agree.
 *
 * <h2>Probe duty</h2>
 * Each target is probed by K members ({@code probers}) chosen by rendezvous hashing over the live
 * members (a 64-bit hash of member and target, the same in every JVM): every member computes the same
 * probers from the same member set, and a member leaving moves only the targets it probed. With fewer
 * than K members, all probe. A member starts probing a target when the member set it reads makes it a
 * prober, so duty moves within 4 intervals (expiry and grace) plus one (the next cycle) of a member's
 * death, and at the next cycle when a member closes (it deregisters).
 *
 * <h2>Votes and verdicts</h2>
 * A prober's own decided verdict ({@link dev.watchdog.agent.fleet.FleetMember#observed}) is its vote:
 * published on the channel and written to the vote hash at each transition (at once, not at the next
 * cycle), and re-asserted in the hash every interval with a fresh time. Only observations made since
 * the member became a prober count. Every vote is
 * {@code v1 <fleet> <target> <member> <UP|DOWN> <epoch millis> <reason> <HMAC-SHA256 hex>}, fields
 * URL-encoded, signed with the fleet secret. A member ignores and counts (in the view): unsigned and
 * badly signed votes, votes older than 3 intervals or dated more than 3 intervals ahead, votes older
 * than one it holds from the same member (replays), and malformed messages; it counts but keeps the
 * votes of members that are not current probers (duty may move to them; the quorum ignores them).
 * Votes read again from the hashes every cycle are not counted again.
 * <p>
 * A target is DOWN for the fleet when a majority of its probers ({@code floor(K/2)+1}, of the live
 * members when fewer than K) have a fresh DOWN vote. Once DOWN it stays DOWN until that majority is
 * gone and at least one prober votes UP (or no prober has a fresh DOWN vote); it is UP with a fresh UP
 * vote, UNKNOWN without fresh votes. One prober that cannot reach a dependency cannot open the fleet.
 * The listener is told of each change of "DOWN or not" on a fleet thread: from the subscriber, within
 * milliseconds of the vote that makes the quorum; from the cycle's re-read of the hashes within an
 * interval if a message was missed.
 *
 * <h2>Fallback</h2>
 * The fleet is available while the last command cycle succeeded (less than interval + 4 timeouts ago:
 * a cycle is a connect and at most three round trips) and the subscriber is connected or was less than
 * an interval ago. Otherwise {@code mustProbe} is true for every target and {@code verdict} is UNKNOWN,
 * and the listener is told "no longer DOWN" for every target the fleet held DOWN (the member's own
 * probes decide). A failed command makes the member fall back at once, so a Redis that is down or
 * slower than the timeout turns every member into a lone watcher within one interval (plus the
 * timeout when Redis hangs rather than refuses). The change is logged once each way, not per failure.
 * When Redis answers again the member re-registers and duty resumes.
 *
 * <h2>No I/O for the callers</h2>
 * {@code mustProbe}, {@code observed}, {@code verdict} and {@code view} read or write memory only
 * (volatile snapshots, concurrent maps); a transition wakes the cycle thread, which publishes it.
 *
 * <h2>Secrets</h2>
 * The secret is copied into {@link dev.watchdog.agent.fleet.FleetSettings} and the HMAC key only; it
 * is never logged or shown. The Redis password appears nowhere but in AUTH: URLs are shown masked
 * ({@code redis://user:***@host:port/db}), and an AUTH failure reports the server's answer only.
 */
package dev.watchdog.agent.fleet;
