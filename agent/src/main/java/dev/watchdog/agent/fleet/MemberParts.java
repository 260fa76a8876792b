package dev.watchdog.agent.fleet;

/** What one member's two fleet threads share: its settings, key names, signer, votes, picture, availability, counters and clock. */
record MemberParts(FleetSettings settings, FleetKeys keys, VoteCodec codec, VoteBook book, FleetPicture picture,
                   Availability availability, FleetTraffic traffic, FleetClock clock) {
}
