package dev.watchdog.agent.hosts;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks passwords and tokens in URLs and values, so nothing secret is logged or served.
 * Errs on the side of masking: a masked harmless value costs a little clarity, a leaked one costs a credential.
 */
public final class Secrets {

    public static final String MASK = "***";

    /** Parameter names that are secret on their own (compared without '-', '_', '.' and case). */
    private static final Set<String> EXACT = Set.of("pwd", "pass", "key", "auth", "sig", "signature");
    /** Fragments that make any parameter name secret: sslPassword, client_secret, x-api-key, authToken... */
    private static final String[] FRAGMENTS = {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
        "credential", "authorization", "authkey"};

    /** {@code scheme://user:password@}: the password runs to the last '@' before any query or whitespace. */
    /** Oracle's {@code jdbc:oracle:thin:user/password@...}. */
    private static final Pattern ORACLE_USER = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^\\s/@:]*/)[^\\s(?]*(@)");
    /** {@code ?name=v}, {@code &name=v}, {@code ;name=v} (value may be a {braced} SQL Server value) or a value at the start. */
    private static final Pattern QUERY_PARAM =
            Pattern.compile("(^|[?&;\\s])([\\w.-]+)(\\s*=\\s*)(\\{[^}]*}?|[^&;\\s]*)");
    /** {@code (name=v)} and {@code (a=b,name=v)} of MySQL host specs and Oracle descriptors. */
    private static final Pattern PAREN_PARAM = Pattern.compile("([(,]\\s*)([\\w.-]+)(\\s*=\\s*)([^,)]*)");

    private Secrets() {
    }

    /**
     * {@code //user:password@host} -> {@code //user:***@host}; the password runs to the last '@'
     * before whitespace, '?' or '#' (a raw '@' or '/' in a password is masked too). Hand-written
     * rather than a regular expression, whose backtracking made a long "//a:" run quadratic: each
     * run of text is scanned a bounded number of times.
     */
    private static String maskUserInfo(String s) {
        StringBuilder out = null;
        int copied = 0;
        int start = s.indexOf("//");
        while (start >= 0) {
            int end = start + 2;
            while (end < s.length() && !endsUserInfo(s.charAt(end))) {
                end++;
            }
            int lastAt = s.lastIndexOf('@', end - 1);
            int next = -1;
            for (int i = start; i >= 0 && i < end - 1; i = s.indexOf("//", i + 1)) {
                int colon = i + 2;
                while (colon < end && isUserChar(s.charAt(colon))) {
                    colon++;
                }
                if (colon < end && s.charAt(colon) == ':' && lastAt > colon && i >= copied) {
                    out = out == null ? new StringBuilder(s.length()) : out;
                    out.append(s, copied, colon + 1).append(MASK);
                    copied = lastAt;
                    break;
                }
            }
            next = s.indexOf("//", Math.max(end, copied));
            start = next;
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    private static boolean endsUserInfo(char c) {
        return Character.isWhitespace(c) || c == '?' || c == '#';
    }

    private static boolean isUserChar(char c) {
        return !Character.isWhitespace(c) && c != '/' && c != '?' && c != '#' && c != '@' && c != ':';
    }

    /** The text with every userinfo password and secret-named parameter value replaced by {@value #MASK}. */
    public static String redact(String urlOrValue) {
        if (urlOrValue == null) {
            return null;
        }
        String s = maskUserInfo(urlOrValue);
        s = ORACLE_USER.matcher(s).replaceAll("$1" + MASK + "$2");
        s = maskParams(QUERY_PARAM, s);
        return maskParams(PAREN_PARAM, s);
    }

    /** True when a parameter or config attribute of this name holds a secret. */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
        if (EXACT.contains(n)) {
            return true;
        }
        for (String fragment : FRAGMENTS) {
            if (n.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String maskParams(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretName(m.group(2)) && !m.group(4).isEmpty()
                    ? m.group(1) + m.group(2) + m.group(3) + MASK
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
