package dev.watchdog.agent.config;

import java.util.Collection;

/** "Did you mean ...?" for unknown keys: the nearest known key by edit distance, if it is near enough to be a typo. */
final class Suggestions {

    /** Longer inputs are not typos of our keys; the cap also bounds the quadratic distance computation. */
    private static final int MAX_LENGTH = 200;

    private Suggestions() {
    }

    /** The nearest candidate, or null when none is within about a fifth of the key's length (at least 2 edits). */
    static String nearest(String key, Collection<String> candidates) {
        if (key == null || key.length() > MAX_LENGTH) {
            return null;
        }
        int limit = Math.max(2, key.length() / 5);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(key.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** " did you mean X?" or "" — appended to warnings. */
    static String hint(String key, Collection<String> candidates) {
        String nearest = nearest(key, candidates);
        return nearest == null ? "" : "; did you mean " + nearest + "?";
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
