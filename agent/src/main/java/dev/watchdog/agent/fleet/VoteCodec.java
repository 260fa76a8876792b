package dev.watchdog.agent.fleet;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A vote as text, the same on the channel and in the vote hash:
 * {@code v1 <fleet> <target> <member> <UP|DOWN> <epoch millis> <reason> <signature>}, every text field
 * URL-encoded (so none contains a space) and the signature the hex HMAC-SHA256 of everything before it,
 * keyed with the fleet's secret. Anyone who can write to Redis but lacks the secret cannot cast a vote.
 */
final class VoteCodec {

    /** Why a message was not taken as a vote; each is counted in the member's view. */
    enum Rejection { UNSIGNED, BAD_SIGNATURE, STALE, NOT_PROBER, REPLAYED, MALFORMED }

    /** A decoded message: exactly one of vote and rejection is set. */
    record Decoded(FleetVote vote, Rejection rejection) {
    }

    private static final String VERSION = "v1";
    private static final int MAX_MESSAGE = 2048;

    private final String fleet;
    private final Mac mac;

    VoteCodec(String fleet, byte[] secret) {
        this.fleet = fleet;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    String encode(FleetVote vote) {
        String text = String.join(" ", VERSION, enc(fleet), enc(vote.target()), enc(vote.member()),
                vote.down() ? "DOWN" : "UP", Long.toString(vote.epochMillis()), enc(vote.reason()));
        return text + " " + HexFormat.of().formatHex(sign(text));
    }

    /** The vote a message carries, if it is well formed, of this fleet and signed with its secret. */
    Decoded decode(String message) {
        if (message == null || message.length() > MAX_MESSAGE) {
            return rejected(Rejection.MALFORMED);
        }
        String[] f = message.split(" ", -1);
        if (f.length == 7 && VERSION.equals(f[0])) {
            return rejected(Rejection.UNSIGNED);
        }
        if (f.length != 8 || !VERSION.equals(f[0]) || !(f[4].equals("UP") || f[4].equals("DOWN"))) {
            return rejected(Rejection.MALFORMED);
        }
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(f[7]);
        } catch (IllegalArgumentException e) {
            return rejected(Rejection.BAD_SIGNATURE);
        }
        String text = message.substring(0, message.lastIndexOf(' '));
        if (!MessageDigest.isEqual(sign(text), signature)) {
            return rejected(Rejection.BAD_SIGNATURE);
        }
        try {
            if (!fleet.equals(dec(f[1]))) {
                return rejected(Rejection.MALFORMED);   // signed with our secret for another fleet: not ours
            }
            return new Decoded(new FleetVote(dec(f[2]), dec(f[3]), f[4].equals("DOWN"), Long.parseLong(f[5]), dec(f[6])), null);
        } catch (IllegalArgumentException e) {
            return rejected(Rejection.MALFORMED);
        }
    }

    private synchronized byte[] sign(String text) {
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Decoded rejected(Rejection rejection) {
        return new Decoded(null, rejection);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
